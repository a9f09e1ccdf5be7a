import { testClient } from '../helpers/redis-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

describe('server.config against a real redis-server', () => {
  const servers: TestRedis[] = [];
  let app: TestCore | undefined;
  const start = async (args: string[] = []) => {
    const r = await startRedis(args);
    servers.push(r);
    return r;
  };
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('reads the limits that matter, and the replication state', async () => {
    const redis = await start(['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru', '--maxclients', '500']);
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: 'env-default' });
    const view = await app.call('server.config', { id: 'env-default' });
    expect(view.permitted).toBe(true);
    expect(view.reason).toBeUndefined();
    expect(view.values).toMatchObject({
      maxmemory: String(4 * 1024 * 1024),
      'maxmemory-policy': 'allkeys-lru',
      maxclients: '500',
      save: '',
      appendonly: 'no',
      appendfsync: 'everysec',
      'lazyfree-lazy-eviction': 'no',
      hz: '10',
    });
    expect(view.replication).toEqual({ role: 'master', replicas: [], replOffset: expect.any(Number) });
  });

  it('says "not permitted", in words, where CONFIG is renamed away — not an error', async () => {
    const redis = await start(['--rename-command', 'CONFIG', '']);
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: 'env-default' });
    const reply = await app.core.invoke('server.config', { id: 'env-default' });
    expect(reply).toMatchObject({ ok: true, value: { permitted: false, values: {}, replication: { role: 'master' } } });
    expect(reply.ok && (reply.value as { reason: string }).reason).toMatch(/CONFIG is disabled on this server \(renamed/);
  });

  it('says "not permitted" where the ACL user may not run CONFIG', async () => {
    const redis = await start();
    const admin = testClient(redis.port, '127.0.0.1');
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>viewer-pw', '~*', '+@all', '-config');
    admin.disconnect();
    app = makeCore({ REDIS_URL: `redis://viewer:viewer-pw@127.0.0.1:${redis.port}` });
    await app.call('connections.open', { id: 'env-default' });
    const view = await app.call('server.config', { id: 'env-default' });
    expect(view).toMatchObject({ permitted: false, values: {} });
    expect(view.reason).toMatch(/ACL user is not allowed to run CONFIG GET/);
  });

  it('shows a replica its master and the master its replica', async () => {
    const master = await start();
    const replica = await start(['--replicaof', '127.0.0.1', String(master.port)]);
    app = makeCore({ REDIS_URL: replica.url });
    await app.call('connections.open', { id: 'env-default' });
    await vi.waitFor(async () => {
      const view = await app!.call('server.config', { id: 'env-default' });
      expect(view.replication).toMatchObject({ role: 'slave', masterAddress: `127.0.0.1:${master.port}`, masterLinkStatus: 'up' });
    }, { timeout: 15_000, interval: 200 });
    await app.close();
    app = makeCore({ REDIS_URL: master.url });
    await app.call('connections.open', { id: 'env-default' });
    // The master lists the replica as online once the replica has acknowledged the sync.
    await vi.waitFor(async () => {
      const view = await app!.call('server.config', { id: 'env-default' });
      expect(view.replication?.replicas).toEqual([{ address: `127.0.0.1:${replica.port}`, state: 'online', offset: expect.any(Number), lagSec: expect.any(Number) }]);
    }, { timeout: 15_000, interval: 200 });
  });

  it('answers NOT_CONNECTED for a connection that is not open', async () => {
    const redis = await start();
    app = makeCore({ REDIS_URL: redis.url });
    expect(await app.core.invoke('server.config', { id: 'env-default' })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });
});
