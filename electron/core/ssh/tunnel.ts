import net from 'node:net';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { ResolvedSsh } from '../profile/profile';
import { knownHostName } from './fingerprint';
import { seenView, verifyHostKey } from './host-key-trust';
import type { HostKeyVerdict } from './known-hosts';
import { sshAuth, type SshAuth } from './ssh-auth';
import { SshError } from './ssh-error';

/** Where Redis is, seen from the SSH host. */
export type RedisEnd = { host: string; port: number } | { socketPath: string };

/** A Redis end in words: `host:port` (IPv6 bracketed) or the socket path. */
export function endName(end: RedisEnd): string {
  return 'socketPath' in end ? end.socketPath : end.host.includes(':') ? `[${end.host}]:${end.port}` : `${end.host}:${end.port}`;
}

/** Keepalives: a dead SSH host is noticed within ~15 s even when Redis is idle. */
const KEEPALIVE_MS = 5000;
const KEEPALIVE_COUNT = 3;
/** How long an accepted local socket waits to be claimed by the connector that opened it. */
const CLAIM_MS = 5000;

interface Hop {
  host: string;
  port: number;
  username: string;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * One SSH connection (optionally via a jump host) and a local forward on 127.0.0.1, ephemeral
 * port, for one profile. Only sockets the core's own connector claims are forwarded, each to the
 * Redis end its claim names (the seed, each cluster node as announced, each sentinel, the primary
 * a sentinel names: all resolved on the SSH host's side, all over this one SSH connection);
 * another local process connecting to the port is dropped. The SSH connection is (re)made on
 * demand by `acquire()`, so it reconnects with the Redis client's own backoff; `close()` ends it all.
 */
export class SshTunnel {
  private server: net.Server | null = null;
  private port: Promise<number> | null = null;
  private clients: Client[] = [];
  private connecting: Promise<Client> | null = null;
  private live: Client | null = null;
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Per local source port: the forward's outcome (null = open), met by the connector's claim. */
  private readonly claims = new Map<number, Deferred<Error | null>>();
  /** Per local source port: the end the connector claimed it for (null: nobody claimed it in time). */
  private readonly claimed = new Map<number, Deferred<RedisEnd | null>>();
  /** Every end a channel was opened to since the tunnel was made (what went through SSH, for tests). */
  private readonly ends = new Set<string>();

  constructor(
    private readonly ssh: ResolvedSsh,
    private readonly readyTimeoutMs: number,
    private readonly onClosed: () => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get where(): string {
    return `${this.ssh.username}@${knownHostName(this.ssh.host, this.ssh.port)}`;
  }

  /** The Redis ends this tunnel opened a channel to, in words (`host:port` or a socket path). */
  forwardedTo(): string[] {
    return [...this.ends];
  }

  /** Make sure SSH is up; returns the local port. Each acquire is matched by one release. */
  async acquire(): Promise<number> {
    if (this.closed) throw new SshError('NOT_CONNECTED', 'The SSH tunnel is closed.', false);
    this.users += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      // A failed listen is not kept: the next acquire tries again.
      this.port ??= this.listen().catch((e: unknown) => {
        this.port = null;
        throw e;
      });
      const [port] = await Promise.all([this.port, this.sshClient()]);
      return port;
    } catch (e) {
      this.release();
      throw e;
    }
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    // Closed with its connections: once nobody uses it (after a short grace for a reconnect).
    if (this.users === 0 && !this.closed && !this.idleTimer) {
      this.idleTimer = setTimeout(() => void this.close(), 500);
      this.idleTimer.unref();
    }
  }

  /** The connector met its socket (by local port) and names its Redis end: wait for the forward's outcome. */
  claim(localPort: number, end: RedisEnd): Promise<Error | null> {
    this.entry(this.claimed, localPort).resolve(end);
    return this.entry(this.claims, localPort).promise;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const c of this.clients.splice(0)) c.end();
    this.live = null;
    const server = this.server;
    this.server = null;
    this.onClosed();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private entry<T>(map: Map<number, Deferred<T>>, port: number): Deferred<T> {
    let d = map.get(port);
    if (!d) {
      d = deferred<T>();
      map.set(port, d);
    }
    return d;
  }

  private listen(): Promise<number> {
    const server = net.createServer((socket) => void this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      // Loopback only, ephemeral port: never reachable from another host.
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  }

  private async accept(socket: net.Socket): Promise<void> {
    socket.on('error', () => undefined); // the connector's side reports what happened
    // Redis is request/reply: Nagle would hold small replies back (as ioredis's own noDelay avoids).
    socket.setNoDelay(true);
    const port = socket.remotePort ?? 0;
    const claimed = this.entry(this.claimed, port);
    const timer = setTimeout(() => claimed.resolve(null), CLAIM_MS);
    const end = await claimed.promise;
    clearTimeout(timer);
    this.claimed.delete(port);
    const outcome = this.entry(this.claims, port);
    const done = (e: Error | null) => {
      this.claims.delete(port);
      outcome.resolve(e);
    };
    if (!end) return void socket.destroy();
    const client = this.live;
    if (!client) {
      done(new SshError('SSH_UNREACHABLE', `The SSH connection to ${this.where} dropped.`, false));
      return void socket.destroy();
    }
    const onChannel = (err: Error | undefined, channel: ClientChannel) => {
      if (err) {
        done(this.forwardError(err, end));
        return void socket.destroy();
      }
      this.ends.add(endName(end));
      socket.pipe(channel).pipe(socket);
      channel.on('error', () => socket.destroy());
      channel.on('close', () => socket.destroy());
      socket.on('close', () => channel.close());
      done(null);
    };
    try {
      if ('socketPath' in end) client.openssh_forwardOutStreamLocal(end.socketPath, onChannel);
      else client.forwardOut('127.0.0.1', port, end.host, end.port, onChannel);
    } catch (e) {
      // ssh2 throws when the connection went away between the check and the call.
      done(new SshError('SSH_UNREACHABLE', `The SSH connection to ${this.where} dropped: ${(e as Error).message}`, false));
      socket.destroy();
    }
  }

  private forwardError(err: Error, end: RedisEnd): SshError {
    const reason = (err as { reason?: unknown }).reason;
    const text = err.message.replace(/^\(SSH\) Channel open failure:\s*/, '');
    // 1 = administratively prohibited (AllowTcpForwarding no, permitopen…).
    if (reason === 1)
      return new SshError('SSH_FORWARD_DENIED', `SSH to ${this.where} works, but it may not forward to ${endName(end)} (${text || 'administratively prohibited'}): ask for AllowTcpForwarding/AllowStreamLocalForwarding.`, false);
    return new SshError('CONNECTION_REFUSED', `SSH to ${this.where} works, but Redis at ${endName(end)} refused the connection from there${text ? ` (${text})` : ''}: is Redis running and listening there?`, false);
  }

  /** The live SSH client, connecting (once at a time) when there is none. */
  private sshClient(): Promise<Client> {
    if (this.live) return Promise.resolve(this.live);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const auth = sshAuth(this.ssh, this.env);
    const target: Hop = { host: this.ssh.host, port: this.ssh.port, username: this.ssh.username };
    let sock: Duplex | undefined;
    const made: Client[] = [];
    try {
      if (this.ssh.jump) {
        const jump = await this.handshake(this.ssh.jump, auth, undefined, 'jump host ');
        made.push(jump);
        sock = await new Promise<Duplex>((resolve, reject) =>
          jump.forwardOut('127.0.0.1', 0, target.host, target.port, (err, ch) =>
            err ? reject(new SshError('SSH_UNREACHABLE', `The jump host ${this.ssh.jump?.host} cannot reach the SSH host ${knownHostName(target.host, target.port)}: ${err.message.replace(/^\(SSH\) /, '')}.`, false)) : resolve(ch),
          ),
        );
      }
      const client = await this.handshake(target, auth, sock, '');
      made.push(client);
    } catch (e) {
      for (const c of made) c.end();
      throw e;
    }
    if (this.closed) {
      for (const c of made) c.end();
      throw new SshError('NOT_CONNECTED', 'The SSH tunnel is closed.', false);
    }
    const client = made[made.length - 1] as Client;
    this.clients = made;
    this.live = client;
    const dropped = () => {
      if (this.live !== client) return;
      this.live = null;
      for (const c of made) c.end();
    };
    for (const c of made) c.on('close', dropped);
    return client;
  }

  /** One SSH handshake with host key verification and auth, failures in words. */
  private handshake(hop: Hop, auth: SshAuth, sock: Duplex | undefined, role: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      const name = `${role ? `${role}` : 'SSH host '}${hop.username}@${knownHostName(hop.host, hop.port)}`;
      let verdict: HostKeyVerdict | null = null;
      let key: Buffer | null = null;
      let settled = false;
      const fail = (e: SshError) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(e);
      };
      client.on('ready', () => {
        settled = true;
        client.setNoDelay(true);
        // Errors after the handshake (keepalive timeouts) end in 'close', which drops the tunnel.
        client.on('error', () => undefined);
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => fail(this.describe(err, hop, name, auth, verdict, key)));
      client.on('close', () => fail(new SshError('SSH_UNREACHABLE', `The ${name} closed the connection during the handshake.`, false)));
      client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => auth.config.password ?? '')));
      const config: ConnectConfig = {
        host: hop.host,
        port: hop.port,
        username: hop.username,
        ...(sock ? { sock } : {}),
        ...auth.config,
        readyTimeout: this.readyTimeoutMs,
        keepaliveInterval: KEEPALIVE_MS,
        keepaliveCountMax: KEEPALIVE_COUNT,
        // No accept-all: the key must be in a known_hosts file (the user's or Cachescope's).
        hostVerifier: (hostKey: Buffer, verify: (ok: boolean) => void) => {
          key = hostKey;
          verifyHostKey(hop.host, hop.port, hostKey, this.ssh.knownHostsFile)
            .then((v) => {
              verdict = v;
              verify(v.kind === 'known');
            })
            .catch(() => verify(false));
        },
      };
      try {
        client.connect(config);
      } catch (e) {
        fail(new SshError('SSH_AUTH_FAILED', `Cannot start SSH to the ${name}: ${(e as Error).message}`, true));
      }
    });
  }

  private describe(err: Error & { level?: string; code?: string }, hop: Hop, name: string, auth: SshAuth, verdict: HostKeyVerdict | null, key: Buffer | null): SshError {
    if (verdict?.kind === 'unknown' && key) {
      const seen = seenView(hop.host, hop.port, key);
      return new SshError(
        'SSH_HOST_KEY_UNKNOWN',
        `The ${name} is not known: its ${seen.keyType} key fingerprint is ${seen.fingerprint}. Check it with the server's administrator, then confirm it to connect.`,
        true,
        seen,
      );
    }
    if (verdict?.kind === 'changed' && key) {
      const seen = seenView(hop.host, hop.port, key);
      return new SshError(
        'SSH_HOST_KEY_CHANGED',
        verdict.revoked
          ? `The ${name} offered a revoked host key (${seen.fingerprint}, marked @revoked in ${verdict.file}): refused.`
          : `WARNING: the host key of the ${name} has changed (now ${seen.keyType} ${seen.fingerprint}; ${verdict.file} line ${verdict.line} has another). Someone may be intercepting the connection, or the server was reinstalled: refused. If the change is expected, remove the old key from ${verdict.file} first.`,
        true,
      );
    }
    if (err.level === 'client-authentication')
      return new SshError('SSH_AUTH_FAILED', `The ${name} refused ${auth.describe} (authentication failed).`, true);
    if (err.level === 'client-timeout')
      return new SshError('SSH_UNREACHABLE', `Timed out connecting to the ${name}: check the address, firewall or VPN.`, false);
    const code = err.code ?? '';
    if (code === 'ECONNREFUSED') return new SshError('SSH_UNREACHABLE', `The ${name} refused the connection: is sshd running there, on that port?`, false);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SshError('SSH_UNREACHABLE', `The ${name} does not resolve.`, false);
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new SshError('SSH_UNREACHABLE', `Cannot reach the ${name} (${code}): check the address, firewall or VPN.`, false);
    return new SshError('SSH_UNREACHABLE', `SSH to the ${name} failed: ${err.message}`, false);
  }
}
