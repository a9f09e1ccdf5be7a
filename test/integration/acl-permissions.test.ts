import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

let redis: TestRedis;
const url = (user: string) => `redis://${user}:pw-${user}@127.0.0.1:${redis.port}`;
/** The CLI as a careful user runs it: the password in REDISCLI_AUTH, not on the command line (which warns). */
const cliAs = (user: string, args: string[]) => runCli([...args, '--url', `redis://127.0.0.1:${redis.port}`, '--username', user], { env: { REDISCLI_AUTH: `pw-${user}` } });

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  const admin = testClient({ host: redis.host, port: redis.port });
  try {
    await admin.call('ACL', 'SETUSER', 'noinfo', 'on', '>pw-noinfo', '~*', '+@all', '-info');
    await admin.call('ACL', 'SETUSER', 'noscan', 'on', '>pw-noscan', '~*', '+@all', '-scan');
    await admin.call('ACL', 'SETUSER', 'nothing', 'on', '>pw-nothing', '~*', '-@all', '+hello', '+client');
    await admin.mset('user:1', 'a', 'user:2', 'b', 'other', 'c');
  } finally {
    admin.disconnect();
  }
}, 60_000);

afterAll(async () => {
  await redis?.stop();
});

describe('an ACL user without INFO', () => {
  it('stats says which permission to ask for, shows keys and latency, exit 0, and no ioredis warning on stderr', async () => {
    const result = await cliAs('noinfo', ['stats', '--json', '--count', '2', '--interval', '0.5']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `This user may not run INFO on 127.0.0.1:${redis.port} (ACL): ask an administrator for +info, or connect as a user that has it. Showing what this user can read: keys (DBSIZE) and latency (PING).\n`,
    );
    expect(result.stderr).not.toMatch(/ready check|wiki|Lost the connection/);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ keys: 3, limited: 'info-denied' });
      expect(line.latencyMs).toEqual(expect.any(Number));
    }
  });

  it('stats exits 4 when INFO, DBSIZE and PING are all denied', async () => {
    const result = await cliAs('nothing', ['stats', '--count', '1', '--interval', '0.5']);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/unexpected error|wiki/);
    expect(result.code).toBe(4);
  });

  it("the core's connection is ready with code NO_PERMISSION and the sentence, instead of waiting for a sample forever", async () => {
    const app = makeCore({ REDIS_URL: url('noinfo') });
    try {
      const denied = app.next('connection.state', (s) => s.code === 'NO_PERMISSION', 20_000);
      await app.call('connections.open', { id: 'env-default' });
      const state = await denied;
      expect(state.status).toBe('ready');
      expect(state.reason).toBe(`This user may not run INFO on 127.0.0.1:${redis.port} (ACL): ask an administrator for +info, or connect as a user that has it.`);
    } finally {
      await app.close();
    }
  });
});

describe('an ACL user without SCAN', () => {
  it.each([
    ['analyze', ['analyze']],
    ['invalidate (preview)', ['invalidate', '--prefix', 'user:']],
    ['invalidate --yes', ['invalidate', '--prefix', 'user:', '--yes']],
  ])('%s names the missing permission and exits 4', async (_name, args) => {
    const result = await cliAs('noscan', args);
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`This user may not run SCAN on 127.0.0.1:${redis.port} (ACL): ask an administrator for +scan, or connect as a user that has it.`);
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it('documents exit code 4 in --help', async () => {
    for (const command of ['analyze', 'invalidate', 'stats']) {
      const help = await runCli([command, '--help']);
      expect(help.stdout).toMatch(/4 the ACL user may not run/);
    }
  });
});
