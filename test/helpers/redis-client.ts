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
