import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWire } from '../../electron/core/keys/wire-bytes';
import { makeCore, type TestCore } from '../helpers/core';
import { primaryClients, testClusterClient } from '../helpers/redis-cluster-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import type { TestClient } from '../helpers/redis-client';

const ID = 'env-default';

describe('misses on a cluster', () => {
  let cluster: TestCluster;
  let app: TestCore;
  let primaries: TestClient[];
  beforeAll(async () => {
    cluster = await startCluster({ primaries: 3 });
    primaries = await primaryClients(cluster);
    app = makeCore({ REDIS_URL: `redis://127.0.0.1:${cluster.seeds[0]!.port}` });
    await app.call('connections.open', { id: ID });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    for (const p of primaries ?? []) p.disconnect();
    await cluster?.stop();
  });

  it('borrows the setting on every primary, counts every primary’s events, and puts each back', async () => {
    const plan = await app.call('misses.plan', { id: ID });
    expect(plan.nodes).toHaveLength(3);
    expect(plan.nodes.every((n) => n.current === '' && n.proposed === 'Emxeg$')).toBe(true);
    await app.call('misses.start', { id: ID, consent: true, depth: 1 });
    for (const p of primaries) expect(((await p.config('GET', 'notify-keyspace-events')) as string[])[1]).not.toBe('');

    const app1 = testClusterClient(cluster);
    try {
      for (let i = 0; i < 60; i++) await app1.get(`item:${i}`);
      for (let i = 0; i < 60; i++) await app1.set(`item:${i}`, 'v');
      // The keys live on every primary: each one's events must be counted.
      for (const p of primaries) expect(await p.dbsize()).toBeGreaterThan(0);
      for (let i = 0; i < 60; i++) await app1.del(`item:${i}`);
      for (let i = 0; i < 60; i++) await app1.get(`item:${i}`);
    } finally {
      app1.disconnect();
    }
    const r = (await app.call('misses.stop', { id: ID }))!;
    const item = r.namespaces.find((n) => fromWire(n.prefix).toString() === 'item:')!;
    expect(item).toMatchObject({ misses: 120, writes: 60, deletes: 60, causes: { cold: 60, afterDelete: 60, afterExpiry: 0, afterEviction: 0 } });
    expect(r.setting).toMatchObject({ changed: true, restored: true });
    for (const p of primaries) expect(((await p.config('GET', 'notify-keyspace-events')) as string[])[1]).toBe('');
  });
});
