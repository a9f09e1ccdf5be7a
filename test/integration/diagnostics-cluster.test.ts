import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeCore, type TestCore } from '../helpers/core';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { testClient, type TestClient } from '../helpers/redis-client';

const SLOW = 180_000;

describe('diagnostics on a cluster: every node, named', () => {
  let cluster: TestCluster;
  let app: TestCore;
  let worker: TestClient;
  const id = 'env-default';

  beforeAll(async () => {
    cluster = await startCluster({ primaries: 3, replicasPerPrimary: 1, extraArgs: ['--enable-debug-command', 'local', '--slowlog-log-slower-than', '10000'] });
    app = makeCore({ REDIS_URL: `redis://127.0.0.1:${cluster.seeds[0]!.port}` });
    await app.call('connections.open', { id });
  }, SLOW);
  afterAll(async () => {
    worker?.disconnect();
    await app?.close();
    await cluster?.stop();
  });

  it('reads the slow log and the clients of each of the 6 nodes, each named by address and role, and kills a client on the node it names', { timeout: SLOW }, async () => {
    const second = cluster.nodes.find((n) => n.role === 'primary' && n.port !== cluster.seeds[0]!.port)!;
    worker = testClient(second.port, '127.0.0.1', { connectionName: 'shard-worker', retryStrategy: () => null, maxRetriesPerRequest: 0 });
    await worker.call('DEBUG', 'SLEEP', '0.02');
    const addresses = cluster.nodes.map((n) => `127.0.0.1:${n.port}`).sort();

    // A new cluster lists its replicas in CLUSTER SLOTS only once gossip has spread (seconds), and the
    // cluster client's node pool may still drop one for a refresh after that: each read is taken once
    // it names all six.
    const allSix = <T extends { nodes: unknown[] }>(read: () => Promise<T>) =>
      vi.waitFor(async () => {
        const r = await read();
        expect(r.nodes).toHaveLength(6);
        return r;
      }, { timeout: 60_000, interval: 500 });
    const slowlog = await allSix(() => app.call('diagnostics.slowlog', { id }));
    expect(slowlog.nodes.map((n) => n.address).sort()).toEqual(addresses);
    expect(slowlog.nodes.filter((n) => n.role === 'replica')).toHaveLength(3);
    const withSleep = slowlog.nodes.filter((n) => n.available && n.data.entries.some((e) => e.clientName === 'shard-worker'));
    expect(withSleep.map((n) => n.address)).toEqual([`127.0.0.1:${second.port}`]);

    const clients = await allSix(() => app.call('diagnostics.clients', { id }));
    expect(clients.nodes.map((n) => n.address).sort()).toEqual(addresses);
    const on = clients.nodes.find((n) => n.address === `127.0.0.1:${second.port}`)!;
    if (!on.available) expect.fail(on.reason);
    const target = on.data.clients.find((c) => c.name === 'shard-worker')!;
    const gone = new Promise<void>((resolve) => worker.once('end', () => resolve()));
    expect(await app.call('diagnostics.clients.kill', { id, node: on.address, clientIds: [target.id], confirmation: 'confirm' })).toEqual({ killed: 1 });
    await gone;

    const mix = await allSix(() => app.call('diagnostics.commands', { id }));
    expect(mix.nodes.every((n) => n.available)).toBe(true);
  });
});
