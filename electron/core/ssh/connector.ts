import net from 'node:net';
import tls from 'node:tls';
import { AbstractConnector, type RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { isSshError, SshError } from './ssh-error';
import { endName, SshTunnel, type RedisEnd } from './tunnel';

export type NetStream = net.Socket | tls.TLSSocket;

/**
 * One tunnel per profile and SSH settings, shared by all its clients (poll, scan, values…) and
 * by every node they dial: the Redis end is named per connection, not per tunnel.
 */
const tunnels = new Map<string, SshTunnel>();

function tunnelKey(profile: ResolvedProfile): string {
  return JSON.stringify([profile.id, profile.ssh]);
}

/**
 * Where a client of the profile goes, seen from the SSH host: the profile's Unix socket, or the
 * address the client was made for — the seed, a cluster node as its slot map announced it (after
 * the profile's address map), a replica, a sentinel.
 */
export function redisEndOf(profile: ResolvedProfile, host: string | undefined, port: number | undefined): RedisEnd {
  if (profile.ssh?.redisSocket) return { socketPath: profile.ssh.redisSocket };
  return { host: host ?? profile.host, port: port ?? profile.port };
}

/**
 * The stream says the Redis end it reaches, not the local forward: clients are named by their
 * socket's far end (addressOf in target.ts, ioredis's own messages), and a node through SSH must
 * keep the name it has when dialled directly.
 */
export function namedFor(stream: NetStream, end: RedisEnd): void {
  if ('socketPath' in end) return;
  Object.defineProperty(stream, 'remoteAddress', { value: end.host, configurable: true });
  Object.defineProperty(stream, 'remotePort', { value: end.port, configurable: true });
}

/** TLS through the forward: SNI and the certificate check use the Redis host name, not 127.0.0.1. */
export function tlsNameFor(host: string, servername: string | undefined): Pick<tls.ConnectionOptions, 'servername' | 'checkServerIdentity'> {
  const name = servername ?? (net.isIP(host) ? undefined : host);
  return { ...(name ? { servername: name } : {}), checkServerIdentity: (_host, cert) => tls.checkServerIdentity(name ?? host, cert) };
}

/**
 * The SSH handshake (key exchange, auth through the agent or a key to decrypt, the jump host)
 * costs far more than a TCP connect: a Redis connect timeout of 5 s failed it on a busy machine.
 * ssh2's and OpenSSH's own default budget, at least.
 */
const SSH_READY_TIMEOUT_MS = 20_000;

export function tunnelFor(profile: ResolvedProfile): SshTunnel {
  const ssh = profile.ssh;
  if (!ssh?.enabled) throw new Error('tunnelFor: the profile does not use SSH');
  const key = tunnelKey(profile);
  let t = tunnels.get(key);
  if (!t) {
    const created = new SshTunnel(ssh, Math.max(profile.connectTimeoutMs, SSH_READY_TIMEOUT_MS), () => {
      if (tunnels.get(key) === created) tunnels.delete(key);
    });
    tunnels.set(key, created);
    t = created;
  }
  return t;
}

/**
 * Per live tunnel (one SSH connection each) of this process, the Redis ends it forwarded to
 * (tests: what went through SSH, and over how many SSH connections).
 */
export function forwardsByTunnel(): string[][] {
  return [...tunnels.values()].map((t) => t.forwardedTo());
}

/** Per tunnel key: why the last attempt to bring SSH up failed (gone once one succeeds). */
const sshFailures = new Map<string, SshError>();

/** Bring the profile's tunnel up (see SshTunnel.acquire), noting an SSH failure for sshCauseOf. */
export async function acquireTunnel(profile: ResolvedProfile): Promise<{ tunnel: SshTunnel; port: number }> {
  const key = tunnelKey(profile);
  const tunnel = tunnelFor(profile);
  try {
    const port = await tunnel.acquire();
    sshFailures.delete(key);
    return { tunnel, port };
  } catch (e) {
    if (isSshError(e)) sshFailures.set(key, e);
    throw e;
  }
}

/**
 * The cause to report for a failure of a profile's connection: the SSH failure when SSH is what
 * failed last. A Cluster's slot-map connection drops its socket's error and says only "Connection
 * is closed": without this an unknown host key on a cluster profile would read "no seed answered".
 */
export function sshCauseOf(profile: ResolvedProfile, error: unknown): unknown {
  if (!profile.ssh?.enabled || isSshError(error)) return error;
  return sshFailures.get(tunnelKey(profile)) ?? error;
}

/** Close every tunnel of this process (core.close, tests). */
export async function closeAllTunnels(): Promise<void> {
  await Promise.all([...tunnels.values()].map((t) => t.close()));
}

/**
 * The ioredis Connector for a profile that goes through SSH: every (re)connect of a client makes
 * sure the tunnel is up (so SSH reconnects with the client's backoff), then connects to the local
 * forward, claimed for the address the client was made for (a Cluster gives each node's client
 * these options, so every node is dialled from the SSH host, on demand, as it appears). A failure
 * returns a destroyed stream carrying the cause: ioredis then reports it as an 'error' and
 * retries like a dropped connection (a rejected connect would end the client).
 * TLS runs end to end over the forward and keeps the Redis host name for SNI and verification.
 */
export function sshConnector(profile: ResolvedProfile) {
  return class SshConnector extends AbstractConnector {
    private readonly tlsOptions: tls.ConnectionOptions | undefined;
    private readonly end: RedisEnd;

    constructor(options: unknown) {
      const o = options as RedisOptions;
      super(o.disconnectTimeout ?? 2000);
      this.tlsOptions = o.tls;
      this.end = redisEndOf(profile, o.host, o.port);
    }

    async connect(): Promise<NetStream> {
      this.connecting = true;
      const deadline = Date.now() + profile.connectTimeoutMs;
      let tunnel: SshTunnel;
      let port: number;
      try {
        ({ tunnel, port } = await acquireTunnel(profile));
      } catch (e) {
        return this.failed(e);
      }
      if (!this.connecting) {
        tunnel.release();
        throw new Error('Connection is closed.');
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        tunnel.release();
      };
      const plain = net.createConnection({ host: '127.0.0.1', port });
      plain.once('close', release);
      plain.on('error', () => undefined); // reported through firstError / the returned stream
      try {
        await withTimeout(once(plain, 'connect'), deadline, `Timed out connecting through the SSH tunnel to ${tunnel.where}.`);
        const forward = await withTimeout(tunnel.claim(plain.localPort ?? 0, this.end), deadline, `Timed out opening the forward to ${endName(this.end)} on ${tunnel.where}.`);
        if (forward) throw forward;
        if (!this.tlsOptions) {
          namedFor(plain, this.end);
          this.stream = plain;
          return plain;
        }
        const host = 'host' in this.end ? this.end.host : profile.host;
        const secure = tls.connect({ ...this.tlsOptions, socket: plain, ...tlsNameFor(host, this.tlsOptions.servername) });
        secure.on('error', () => undefined);
        await withTimeout(once(secure, 'secureConnect'), deadline, `Timed out in the TLS handshake with ${host} through SSH.`);
        namedFor(secure, this.end);
        this.stream = secure;
        return secure;
      } catch (e) {
        plain.destroy();
        release();
        return this.failed(e);
      }
    }

    private failed(e: unknown): NetStream {
      this.firstError = e instanceof Error ? e : new Error(String(e));
      this.stream = deadStream();
      return this.stream;
    }
  };
}

/** A stream already closed: returned with the cause as the connector's firstError, ioredis reports it, then retries. */
export function deadStream(): net.Socket {
  const dead = new net.Socket();
  dead.destroy();
  return dead;
}

export function once(emitter: NetStream, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    emitter.once(event, () => resolve());
    emitter.once('error', reject);
    emitter.once('close', () => reject(new SshError('NOT_CONNECTED', 'The connection through the SSH tunnel closed.', false)));
  });
}

export function withTimeout<T>(p: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SshError('TIMEOUT', message, false)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
