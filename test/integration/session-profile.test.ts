import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInput } from '../../electron/core/profile/profile';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/** The CLI's connection (CoreOptions.session, oneShot): one client, no poller, never listed, never closed by a profile change. */
describe('a one-shot session connection', () => {
  let redis: TestRedis;
  let t: TestCore;

  beforeAll(async () => {
    redis = await startRedis();
    const { profile } = resolveInput({ name: `127.0.0.1:${redis.port}`, host: '127.0.0.1', port: redis.port }, 'cli');
    t = makeCore({}, undefined, { mode: 'cli', session: profile, oneShot: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('opens ready on one client, and stays open when the saved profiles change', async () => {
    expect(await t.call('connections.open', { id: 'cli' })).toMatchObject({ id: 'cli', status: 'ready' });
    const before = await t.call('connections.states', {});
    expect(before.map((s) => s.id)).toEqual(['cli']);
    // Saving a profile publishes the list, which closes connections it no longer names — not this one.
    await t.call('profiles.save', { name: 'other', host: '127.0.0.1', port: redis.port, env: 'dev' });
    expect((await t.call('profiles.list', {})).map((p) => p.id)).not.toContain('cli');
    expect((await t.call('connections.states', {})).find((s) => s.id === 'cli')).toMatchObject({ status: 'ready' });
    expect(await t.call('metrics.basics', { id: 'cli' })).toMatchObject({ keys: 0 });
  });
});
