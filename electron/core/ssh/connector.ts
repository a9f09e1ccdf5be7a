import net from 'node:net';
import tls from 'node:tls';
import { AbstractConnector, type RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { SshError } from './ssh-error';
import { SshTunnel } from './tunnel';

type NetStream = net.Socket | tls.TLSSocket;

/** One tunnel per profile and SSH settings, shared by its clients (poll, scan, values…). */
const tunnels = new Map<string, SshTunnel>();

function tunnelKey(profile: ResolvedProfile): string {
  const { ssh } = profile;
  return JSON.stringify([profile.id, profile.host, profile.port, ssh]);
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
    const redis = ssh.redisSocket ? { socketPath: ssh.redisSocket } : { host: profile.host, port: profile.port };
    const created = new SshTunnel(ssh, redis, Math.max(profile.connectTimeoutMs, SSH_READY_TIMEOUT_MS), () => {
      if (tunnels.get(key) === created) tunnels.delete(key);
    });
    tunnels.set(key, created);
    t = created;
  }
  return t;
}

/** Close every tunnel of this process (core.close, tests). */
export async function closeAllTunnels(): Promise<void> {
  await Promise.all([...tunnels.values()].map((t) => t.close()));
}

/**
 * The ioredis Connector for a profile that goes through SSH: every (re)connect of a client makes
 * sure the tunnel is up (so SSH reconnects with the client's backoff), then connects to the local
 * forward. A failure returns a destroyed stream carrying the cause: ioredis then reports it as an
 * 'error' and retries like a dropped connection (a rejected connect would end the client).
 * TLS runs end to end over the forward and keeps the Redis host name for SNI and verification.
 */
export function sshConnector(profile: ResolvedProfile) {
  return class SshConnector extends AbstractConnector {
    private readonly tlsOptions: tls.ConnectionOptions | undefined;

    constructor(options: unknown) {
      super((options as RedisOptions).disconnectTimeout ?? 2000);
      this.tlsOptions = (options as RedisOptions).tls;
    }

    async connect(): Promise<NetStream> {
      this.connecting = true;
      const tunnel = tunnelFor(profile);
      const deadline = Date.now() + profile.connectTimeoutMs;
      let port: number;
      try {
        port = await tunnel.acquire();
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
        const forward = await withTimeout(tunnel.claim(plain.localPort ?? 0), deadline, `Timed out opening the forward to ${tunnel.redisWhere} on ${tunnel.where}.`);
        if (forward) throw forward;
        if (!this.tlsOptions) {
          this.stream = plain;
          return plain;
        }
        const servername = this.tlsOptions.servername ?? (net.isIP(profile.host) ? undefined : profile.host);
        const secure = tls.connect({
          ...this.tlsOptions,
          socket: plain,
          // The certificate is checked against the Redis host name, not 127.0.0.1.
          ...(servername ? { servername } : {}),
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername ?? profile.host, cert),
        });
        secure.on('error', () => undefined);
        await withTimeout(once(secure, 'secureConnect'), deadline, `Timed out in the TLS handshake with ${profile.host} through SSH.`);
        this.stream = secure;
        return secure;
      } catch (e) {
        plain.destroy();
        release();
        return this.failed(e);
      }
    }

    /** A stream already closed, whose first error is the cause (ioredis reports it, then retries). */
    private failed(e: unknown): NetStream {
      const dead = new net.Socket();
      dead.destroy();
      this.firstError = e instanceof Error ? e : new Error(String(e));
      this.stream = dead;
      return dead;
    }
  };
}

function once(emitter: NetStream, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    emitter.once(event, () => resolve());
    emitter.once('error', reject);
    emitter.once('close', () => reject(new SshError('NOT_CONNECTED', 'The connection through the SSH tunnel closed.', false)));
  });
}

function withTimeout<T>(p: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SshError('TIMEOUT', message, false)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
