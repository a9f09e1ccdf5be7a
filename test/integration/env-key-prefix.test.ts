import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport, FolderRow, KeyRow } from '../../shared/contract';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';
import { runCli } from '../helpers/run-cli';

const ID = 'env-default';
const names = (rows: (FolderRow | KeyRow)[]) => rows.map((r) => `${r.kind}:${'utf8' in r.name ? r.name.utf8 : r.name.base64}`).sort();

describe('REDIS_KEY_PREFIX folds the default connection\u2019s tree; the keys outside it are counted, not hidden', () => {
  let redis: TestRedis;
  let seed: TestClient;
  let app: TestCore | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    seed = testClient(redis.port, '127.0.0.1');
    // skillup's keys, as ioredis writes them with keyPrefix "skillup:", and three that are not its own.
    const pipe = seed.pipeline();
    for (let i = 0; i < 5; i++) pipe.set(`skillup:course:c${i}`, '{}', 'EX', 3600);
    for (let i = 0; i < 3; i++) pipe.set(`skillup:user:u${i}`, '{}', 'EX', 1800);
    pipe.set('skillup:session:u1', '{}', 'EX', 1800);
    pipe.set('cache:stats', '{"hits":1}');
    pipe.set('legacy:course:1', '{}');
    pipe.set('health', 'ok');
    await pipe.exec();
  });
  afterAll(async () => {
    seed.disconnect();
    await redis.stop();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function scanned(env: NodeJS.ProcessEnv): Promise<TestCore> {
    app = makeCore({ REDIS_URL: redis.url, ...env });
    await app.call('connections.open', { id: ID });
    const { scanId } = await app.call('keys.scan.start', { id: ID });
    await app.next('scan.progress', (p) => p.scanId === scanId && p.state === 'done', 60_000);
    return app;
  }

  it('is the default fold, and the folded root says 3 keys lie outside skillup:', async () => {
    const core = await scanned({ REDIS_KEY_PREFIX: 'skillup:' });
    expect((await core.call('keyspace.settings.get', { id: ID })).settings.fold).toEqual({ utf8: 'skillup:' });
    const root = await core.call('keys.tree', { id: ID, prefix: null, limit: 100 });
    expect(root.fold).toEqual({ utf8: 'skillup:' });
    expect(root.outsideFold).toBe(3);
    expect(root.summary.keys).toBe(12);
    // skillup's namespaces in the prefix's place, the others under their own names beside them.
    expect(names(root.rows)).toEqual(['folder:cache', 'folder:course', 'folder:legacy', 'folder:session', 'folder:user', 'key:health']);
    // The fold opened as the root (as the Keys tab shows it): only skillup's keys, and the same count of the others.
    const top = await core.call('keys.tree', { id: ID, prefix: { utf8: 'skillup:' }, limit: 100 });
    expect(top.summary.keys).toBe(9);
    expect(top.outsideFold).toBe(3);
    // Filtered: the count follows the filter.
    expect((await core.call('keys.tree', { id: ID, prefix: null, match: { utf8: '*course*' } })).outsideFold).toBe(1);
    // Inside a folder there is no fold, and nothing to count.
    expect((await core.call('keys.tree', { id: ID, prefix: { utf8: 'skillup:course:' } })).outsideFold).toBeUndefined();
  });

  it('stays the user\u2019s choice: a fold cleared (or another saved) wins over the variable', async () => {
    const core = await scanned({ REDIS_KEY_PREFIX: 'skillup:' });
    await core.call('keyspace.settings.set', { id: ID, fold: null });
    const root = await core.call('keys.tree', { id: ID, prefix: null, limit: 100 });
    expect(root.fold).toBeNull();
    expect(root.outsideFold).toBeUndefined();
    expect((await core.call('keys.tree', { id: ID, prefix: { utf8: 'skillup:' } })).outsideFold).toBeUndefined();
    expect(names(root.rows)).toEqual(['folder:cache', 'folder:legacy', 'folder:skillup', 'key:health']);
  });

  it('without the variable nothing is folded', async () => {
    const core = await scanned({});
    expect((await core.call('keyspace.settings.get', { id: ID })).settings.fold).toBeNull();
    expect((await core.call('keys.tree', { id: ID, prefix: null })).outsideFold).toBeUndefined();
  });

  it('`cachescope analyze` folds it too when the environment names the server, not when a flag does', async () => {
    const fromEnv = await runCli(['analyze', '--json', '--depth', '1'], { env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'skillup:' }, timeoutMs: 60_000 });
    expect(fromEnv.code).toBe(0);
    const report = JSON.parse(fromEnv.stdout) as AnalysisReport;
    expect(report.fold).toEqual({ utf8: 'skillup:' });
    expect(report.namespaces.map((n) => ('utf8' in n.prefix ? n.prefix.utf8 : '')).filter((p) => p.startsWith('skillup:')).sort()).toEqual(['skillup:course:', 'skillup:session:', 'skillup:user:']);
    const named = await runCli(['analyze', '--json', '--depth', '1', '--host', '127.0.0.1', '--port', String(redis.port)], { env: { REDIS_KEY_PREFIX: 'skillup:' }, timeoutMs: 60_000 });
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as AnalysisReport).fold).toBeNull();
  });
});
