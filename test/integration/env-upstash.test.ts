import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';

const REST_ONLY = { UPSTASH_REDIS_REST_URL: 'https://eu1-fine-cat-31234.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'AX1234' };

describe('an environment with only Upstash REST variables (lms-phase4)', () => {
  let app: TestCore | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists the default where the database is, never connects it (to it or to localhost:6379), and says why', async () => {
    app = makeCore(REST_ONLY);
    const info = await app.call('app.info', {});
    expect(info.defaultSource).toBe('UPSTASH_REDIS_REST_URL');
    expect(info.defaultUnusable).toMatch(/^UPSTASH_REDIS_REST_URL is set but REDIS_URL is not: that is an HTTP REST endpoint, and Cachescope speaks the Redis protocol\./);
    const [listed] = await app.call('profiles.list', {});
    expect(listed).toMatchObject({ id: 'env-default', host: 'eu1-fine-cat-31234.upstash.io', port: 6379, origin: 'UPSTASH_REDIS_REST_URL' });

    const streamed: ConnectionState[] = [];
    app.core.on('connection.state', (s) => streamed.push(s));
    const state = await app.call('connections.open', { id: 'env-default' });
    expect(state).toMatchObject({ id: 'env-default', status: 'error', code: 'ENV_NOT_REDIS_PROTOCOL', reason: info.defaultUnusable });
    expect(streamed).toEqual([state]);
    // Nothing was opened: no client, no poller, no reconnecting.
    expect(await app.call('connections.states', {})).toEqual([]);
  });

  it('with REDIS_URL beside them, the REST variables change nothing', async () => {
    app = makeCore({ ...REST_ONLY, REDIS_URL: 'rediss://default:pw@eu1-fine-cat-31234.upstash.io:6379' });
    const info = await app.call('app.info', {});
    expect(info).toMatchObject({ defaultSource: 'REDIS_URL' });
    expect(info.defaultUnusable).toBeUndefined();
  });
});
