import { describe, expect, it } from 'vitest';
import { makeCore } from '../helpers/core';
import { closedPort, portState } from '../helpers/redis-server';

describe('"Start demo" when no Redis is reachable', () => {
  it('starts a private server with a workload, opens it as a connection, and cleans up on stop', async () => {
    // The default profile points at a closed port, as on a machine without Redis.
    const app = makeCore({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(await closedPort()), PATH: process.env.PATH });
    try {
      await app.call('connections.open', { id: 'env-default' });
      const status = await app.call('demo.start', { profile: 'gomeet', keys: 500, opsPerSec: 200 });
      expect(status).toMatchObject({ running: true, profile: 'gomeet', seededKeys: 500 });
      const id = status.connectionId!;
      const profiles = await app.call('profiles.list', {});
      // The unreachable default stays listed (and keeps trying) beside the demo, until dismissed.
      expect(profiles.map((p) => p.name)).toEqual(['Demo (gomeet)', 'REDIS_HOST']);
      expect((await app.call('connections.states', {})).map((s) => s.id).sort()).toEqual([id, 'env-default'].sort());
      const sample = await app.next('metrics.sample', (s) => s.connectionId === id && s.hitRate !== null, 15_000);
      expect(sample.keys).toBeGreaterThanOrEqual(400);
      const port = Number(status.address!.split(':').pop());
      expect(await portState(port)).toBe('open');

      const stopped = await app.call('demo.stop', {});
      expect(stopped.running).toBe(false);
      expect(await portState(port)).not.toBe('open');
      expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual(['env-default']);
    } finally {
      await app.close();
    }
  });
});
