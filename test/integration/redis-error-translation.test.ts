import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorToEnvelope } from '../../electron/core/core';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient, type TestClient } from '../helpers/redis-client';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';

/**
 * Redis errors become replies in one place (electron/core/redis/translate-error.ts, used by
 * core.invoke): each error below is produced for real by a private redis-server, and the reply
 * must carry a contract code and words a user can act on — never INTERNAL.
 */

const ID = 'env-default';
const key = (utf8: string) => ({ utf8 });

/** Reject with whatever the server answered; the error itself is the point. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('the command did not fail');
}

describe('Redis errors through core.invoke', () => {
  let redis: TestRedis;
  let admin: TestClient;
  const cores: TestCore[] = [];

  async function open(env: NodeJS.ProcessEnv = {}, server = redis): Promise<TestCore> {
    const app = makeCore({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(server.port), ...env });
    cores.push(app);
    await app.call('connections.open', { id: ID });
    return app;
  }

  beforeAll(async () => {
    redis = await startRedis(['--rename-command', 'PERSIST', 'renamed-persist']);
    admin = testClient(redis.port, '127.0.0.1');
    await admin.call('ACL', 'SETUSER', 'limited', 'on', '>pw', '~*', '+@all', '-pexpire');
    await admin.set('k', 'v');
  });
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.close()));
    admin.disconnect();
    await redis.stop();
  });

  it('an ACL user without a command: NO_PERMISSION naming the command and the +command to ask for', async () => {
    const app = await open({ REDIS_USERNAME: 'limited', REDIS_PASSWORD: 'pw' });
    const reply = await app.core.invoke('keys.ttl.set', { id: ID, key: key('k'), ttlMs: 60_000 });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'NO_PERMISSION',
        message: `This user may not run PEXPIRE on 127.0.0.1:${redis.port} (ACL): ask an administrator for +pexpire, or connect as a user that has it.`,
      },
    });
  });

  it('a renamed command (rename-command): UNSUPPORTED, saying the server renamed or disabled it', async () => {
    const app = await open();
    const reply = await app.core.invoke('keys.ttl.set', { id: ID, key: key('k'), ttlMs: null });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'UNSUPPORTED', message: `127.0.0.1:${redis.port} has renamed or disabled PERSIST (rename-command), so Cachescope cannot run it there.` },
    });
  });

  it('a paused server (CLIENT PAUSE): SLOW in words, instead of a request that hangs until it wakes', async () => {
    const app = await open();
    await admin.call('CLIENT', 'PAUSE', '7000', 'ALL');
    const reply = await app.core.invoke('server.config', { id: ID });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('SLOW');
    expect(!reply.ok && reply.error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${redis.port} has not answered .*paused \\(CLIENT PAUSE\\)`));
    await admin.call('CLIENT', 'UNPAUSE'); // queued behind the pause: returns when it ends
  });

  it('a killed server: NOT_CONNECTED naming the address, not INTERNAL', async () => {
    const lone = await startRedis();
    try {
      const app = await open({}, lone);
      await app.call('keys.ttl.set', { id: ID, key: key('absent'), ttlMs: 60_000 }).catch(() => undefined); // the actions client is connected
      await lone.kill();
      const reply = await app.core.invoke('keys.ttl.set', { id: ID, key: key('k'), ttlMs: 60_000 });
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error).toEqual({
        code: 'NOT_CONNECTED',
        message: `The connection to 127.0.0.1:${lone.port} was lost: is Redis still running there? Cachescope reconnects when it is back.`,
      });
    } finally {
      await lone.stop();
    }
  });
});

/**
 * Errors no handler meets on its own today (handlers check a key's type before reading it; bulk
 * writes report per line), produced for real and replied by the same function core.invoke uses.
 */
describe('Redis error replies as the core replies them', () => {
  let redis: TestRedis;
  let replica: TestRedis;
  let a: TestClient;
  let b: TestClient;
  const where = () => `127.0.0.1:${redis.port}`;

  beforeAll(async () => {
    redis = await startRedis(['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction', '--busy-reply-threshold', '100']);
    // A replica of a primary that is not there is still a read-only replica (and keeps no backlog on `redis`).
    replica = await startRedis(['--replicaof', '127.0.0.1', String(await closedPort())]);
    a = testClient(redis.port, '127.0.0.1');
    b = testClient(redis.port, '127.0.0.1');
  });
  afterAll(async () => {
    a.disconnect();
    b.disconnect();
    await replica.stop();
    await redis.stop();
  });

  it('WRONGTYPE: WRONG_TYPE, the key changed type', async () => {
    await a.set('s', 'x');
    const e = await failure(() => a.hget('s', 'f'));
    expect(errorToEnvelope(e, where())).toEqual({
      ok: false,
      error: { code: 'WRONG_TYPE', message: `The key changed type on ${where()} while Cachescope was working on it (WRONGTYPE): refresh and try again.` },
    });
  });

  it('BUSY (a script past busy-reply-threshold): UNAVAILABLE, saying the server is busy', async () => {
    const running = a.eval('while true do end', 0).catch((e: unknown) => e); // killed below
    await new Promise((r) => setTimeout(r, 300));
    const e = await failure(() => b.ping());
    const reply = errorToEnvelope(e, where());
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(!reply.ok && reply.error.message).toContain(`${where()} is busy running a script or function (BUSY)`);
    await b.call('SCRIPT', 'KILL');
    await running;
  });

  it('READONLY (a write to a replica): READ_ONLY, saying to connect to the primary', async () => {
    const r = testClient(replica.port, '127.0.0.1');
    try {
      const e = await failure(() => r.set('x', '1'));
      expect(errorToEnvelope(e, `127.0.0.1:${replica.port}`)).toEqual({
        ok: false,
        error: { code: 'READ_ONLY', message: `127.0.0.1:${replica.port} is a read-only replica: connect to its primary to change keys.` },
      });
    } finally {
      r.disconnect();
    }
  });

  it('any other error reply: REDIS_ERROR with the server\'s words; only a bug of ours stays INTERNAL', async () => {
    const e = await failure(() => a.call('CONFIG', 'SET', 'maxmemory-policy', 'no-such-policy'));
    const reply = errorToEnvelope(e, where());
    expect(reply).toMatchObject({ ok: false, error: { code: 'REDIS_ERROR' } });
    expect(!reply.ok && reply.error.message).toMatch(new RegExp(`^${where().replace(/\./g, '\\.')} answered with an error: ERR`));
    expect(errorToEnvelope(new TypeError('x is undefined'), where())).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  // Last: this leaves the server full.
  it('OOM (maxmemory 1mb, noeviction): OUT_OF_MEMORY, naming maxmemory and the policy', async () => {
    // Fill past 1mb: the write that finds used memory over the limit is refused.
    const e = await failure(async () => {
      for (let i = 0; i < 100; i++) await a.set(`fill:${i}`, Buffer.alloc(100 * 1024, 1));
    });
    const reply = errorToEnvelope(e, where());
    expect(reply).toMatchObject({ ok: false, error: { code: 'OUT_OF_MEMORY' } });
    expect(!reply.ok && reply.error.message).toContain(`Out of memory on ${where()} (maxmemory reached with noeviction`);
    await a.flushdb(); // this private server's own keys
  });
});
