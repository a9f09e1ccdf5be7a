import { readFileSync } from 'node:fs';
import Redis, { type RedisOptions } from 'ioredis';

/**
 * A test's own Redis client. Every ioredis client needs an 'error' listener: without one, a test
 * that kills or pauses its server prints "[ioredis] Unhandled error event" (and a stray one would
 * crash a process). The errors are kept for a test that wants to look at them; commands still
 * reject as usual. `new Redis` in test/ is a lint error: use this.
 */
export function testClient(options: RedisOptions): TestClient;
export function testClient(port: number, host: string, options?: RedisOptions): TestClient;
export function testClient(a: number | RedisOptions, host?: string, options: RedisOptions = {}): TestClient {
  const client = (typeof a === 'number' ? new Redis(a, host ?? '127.0.0.1', options) : new Redis(a)) as TestClient;
  const errors: Error[] = [];
  client.on('error', (e: Error) => {
    if (errors.length < 100) errors.push(e);
  });
  Object.defineProperty(client, 'errors', { value: errors });
  return client;
}

export type TestClient = Redis & { readonly errors: readonly Error[] };

export interface AskOptions {
  password?: string;
  /** Bound on connecting and on the command's reply (a frozen server never answers). */
  timeoutMs?: number;
  /** Over TLS, trusting this CA file (a server started with --tls-port). */
  tlsCa?: string;
}

/**
 * One command on a fresh connection to 127.0.0.1:port, then the connection is dropped: for
 * helpers that poll servers which may be down, frozen or not yet up (no retries, no queue —
 * a server that is not there rejects at once). `ask(port, ['CLUSTER', 'INFO'])`.
 */
export async function ask(port: number, command: readonly (string | number)[], options: AskOptions = {}): Promise<unknown> {
  const timeout = options.timeoutMs ?? 5_000;
  const client = testClient(port, '127.0.0.1', {
    password: options.password,
    lazyConnect: true,
    connectTimeout: timeout,
    commandTimeout: timeout,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
    ...(options.tlsCa ? { tls: { ca: readFileSync(options.tlsCa) } } : {}),
  });
  try {
    await client.connect();
    const [name, ...args] = command;
    return await client.call(String(name), ...args.map(String));
  } finally {
    client.disconnect();
  }
}

/** `key:value` lines of INFO / CLUSTER INFO. */
export function infoFields(text: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of String(text).split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * Poll `check` until it returns null (done) or the deadline passes; it returns why it is not done
 * yet (or throws, which counts as not done). The last reason goes into the timeout's message.
 */
export async function pollUntil(what: string, timeoutMs: number, check: () => Promise<string | null>, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked yet';
  for (;;) {
    try {
      const r = await check();
      if (r === null) return;
      reason = r;
    } catch (e) {
      reason = (e as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms (last: ${reason})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
