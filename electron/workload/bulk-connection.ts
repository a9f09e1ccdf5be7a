import net from 'node:net';
import tls from 'node:tls';
import type { AbstractConnector } from 'ioredis';
import type { ResolvedProfile } from '../core/profile/profile';
import { describeAddress } from '../core/profile/profile';
import { redisOptionsFor } from '../core/redis/options';
import { ReplyCounter, RespEncoder } from './resp';

/**
 * A plain socket to Redis for bulk loading: batches of pre-encoded commands, each resolved when
 * all its replies are in, rejected with the first error reply. AUTH, SELECT and TLS follow the
 * profile, as the ioredis connections do.
 */
export interface BulkConnection {
  send(batch: { bytes: Buffer; commands: number }): Promise<void>;
  close(): void;
}

interface Pending {
  remaining: number;
  error: string | null;
  resolve(): void;
  reject(e: Error): void;
}

export async function openBulkConnection(profile: ResolvedProfile, clientName: string): Promise<BulkConnection> {
  const o = redisOptionsFor(profile, 'cli');
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? 6379;
  // Through SSH, the profile's connector hands over a stream already connected over the tunnel.
  const tunnelled = o.Connector ? await connectThrough(new o.Connector(o)) : null;
  const socket: net.Socket =
    tunnelled ??
    (o.tls ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...o.tls }) : net.connect({ host, port }));
  socket.setNoDelay(true);
  const pending: Pending[] = [];
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const p of pending.splice(0)) p.reject(failure);
  };
  const counter = new ReplyCounter((error) => {
    const head = pending[0];
    if (!head) return fail(new Error('the server sent a reply nobody asked for'));
    if (error && !head.error) head.error = error;
    if (--head.remaining === 0) {
      pending.shift();
      if (head.error) head.reject(new Error(head.error));
      else head.resolve();
    }
  });
  socket.on('data', (chunk: Buffer) => {
    try {
      counter.feed(chunk);
    } catch (e) {
      fail(e as Error);
      socket.destroy();
    }
  });
  socket.on('error', (e) => fail(e));
  socket.on('close', () => fail(new Error(`the connection to ${describeAddress(profile)} closed`)));

  if (!tunnelled) await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out connecting to ${describeAddress(profile)}`));
    }, o.connectTimeout ?? 5000);
    socket.once(o.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });

  const send = (batch: { bytes: Buffer; commands: number }) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      if (batch.commands === 0) return resolve();
      pending.push({ remaining: batch.commands, error: null, resolve, reject });
      socket.write(batch.bytes);
    });

  const hello = new RespEncoder(256);
  if (o.password) hello.call('AUTH', o.username ? [o.username, o.password] : [o.password]);
  if (o.db) hello.call('SELECT', [o.db]);
  hello.call('CLIENT', ['SETNAME', clientName]);
  try {
    await send(hello.take());
  } catch (e) {
    socket.destroy();
    throw e;
  }
  return {
    send,
    close: () => {
      socket.removeAllListeners('close');
      socket.destroy();
    },
  };
}

/** Open a stream with an ioredis connector (the SSH tunnel's): its failure is a closed stream carrying the cause. */
async function connectThrough(connector: AbstractConnector): Promise<net.Socket> {
  const stream = await connector.connect(() => undefined);
  if (stream.destroyed) throw connector.firstError ?? new Error('the connection through the SSH tunnel closed');
  return stream;
}
