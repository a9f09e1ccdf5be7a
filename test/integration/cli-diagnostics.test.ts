import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

describe('cachescope slowlog and clients against a real redis-server', () => {
  let redis: TestRedis;
  let app: TestClient;

  beforeAll(async () => {
    ensureNodeBuilt();
    redis = await startRedis(['--enable-debug-command', 'local', '--slowlog-log-slower-than', '10000']);
    app = testClient(redis.port, '127.0.0.1', { connectionName: 'orders-api' });
    await app.call('DEBUG', 'SLEEP', '0.03');
    await app.set('session:1', 'x'.repeat(500));
  }, 180_000);
  afterAll(async () => {
    app?.disconnect();
    await redis?.stop();
  });

  it('slowlog --json prints [{id, ts, durationUs, args, clientName, clientAddr}] with the slow command and its client', async () => {
    const r = await runCli(['slowlog', '--port', String(redis.port), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = JSON.parse(r.stdout) as Record<string, unknown>[];
    const sleep = lines.find((l) => (l['args'] as string[])[0] === 'DEBUG');
    expect(sleep).toEqual({ id: expect.any(Number), ts: expect.any(Number), durationUs: expect.any(Number), args: ['DEBUG', 'SLEEP', '0.03'], clientName: 'orders-api', clientAddr: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(sleep!['durationUs']).toBeGreaterThanOrEqual(30_000);
    expect(Math.abs((sleep!['ts'] as number) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('clients --json prints [{name, addr, idleSec, db, cmd, outputBufferBytes, own}], its own connection marked', async () => {
    const r = await runCli(['clients', '--port', String(redis.port), '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.find((c) => c['name'] === 'orders-api')).toEqual({ name: 'orders-api', addr: expect.stringMatching(/^127\.0\.0\.1:\d+$/), idleSec: expect.any(Number), db: 0, cmd: 'set', outputBufferBytes: 0, own: false });
    const own = rows.filter((c) => c['own'] === true);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => String(c['name']).startsWith('cachescope:'))).toBe(true);
  });

  it('clients prints groups in words; slowlog denied by ACL exits 4 naming the right', async () => {
    const human = await runCli(['clients', '--port', String(redis.port)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^orders-api\s+127\.0\.0\.1\s+1 conn/m);
    expect(human.stdout).toMatch(/\(own\)$/m);
    await app.call('ACL', 'SETUSER', 'nolog', 'on', '>pw', '~*', '+@all', '-slowlog');
    const denied = await runCli(['slowlog', '--port', String(redis.port), '--username', 'nolog'], { env: { REDISCLI_AUTH: 'pw' } });
    expect(denied.code).toBe(4);
    expect(denied.stderr).toMatch(/may not run SLOWLOG GET.*\+slowlog/);
  });
});
