import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysOfDb } from '../../shared/db-keys';
import { makeCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

// Issue 15: connected to db 3 (1 key), the Keys tile said 4, the whole server.
describe('the keys of the db a connection is on', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
    const client = testClient(redis.port, redis.host);
    await client.mset('a', '1', 'b', '2', 'c', '3');
    await client.set('d', '4', 'EX', 600);
    await client.select(3);
    await client.set('only-in-3', 'x');
    client.disconnect();
  });
  afterAll(async () => redis.stop());

  it('counts db 3 on a db-3 connection and db 0 on a db-0 one, the server total beside them', async () => {
    for (const [db, keys, noTtl] of [
      [3, 1, 1],
      [0, 4, 3],
    ] as const) {
      const app = makeCore({ REDIS_URL: `${redis.url}/${db}` });
      try {
        const [profile] = await app.call('profiles.list', {});
        expect(profile?.db).toBe(db);
        const sampled = app.next('metrics.sample', (s) => s.connectionId === profile!.id);
        await app.call('connections.open', { id: profile!.id });
        const sample = await sampled;
        expect(keysOfDb(sample, profile!.db)).toEqual({ keys, noTtl, allKeys: 5, dbsWithKeys: 2 });
      } finally {
        await app.close();
      }
    }
  });

  it('is 0 for a db that holds no keys (INFO does not list it)', () => {
    expect(keysOfDb({ keys: 5, dbs: [{ db: 0, keys: 5, expires: 0, noTtl: 5, avgTtlMs: 0 }] }, 7)).toEqual({ keys: 0, noTtl: 0, allKeys: 5, dbsWithKeys: 1 });
  });
});
