import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport, WireBytes } from '../../shared/contract';
import { TTL_PRESETS } from '../../electron/core/analysis/ttl-presets';
import { EDGE_KEYS, seedEdgeKeys, seedLayouts, type SeedSummary } from '../fixtures/keyspace';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore } from '../helpers/core';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

const KEYS = 8000;
const text = (w: WireBytes) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);

let redis: TestRedis;
let seed: Redis;
let summary: SeedSummary;
let dbsize: number;

async function counters(): Promise<{ hits: number; misses: number }> {
  const info = await seed.info('stats');
  return { hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]), misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]) };
}

const target = () => ['--host', redis.host, '--port', String(redis.port)];

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  seed = testClient({ host: redis.host, port: redis.port });
  summary = await seedLayouts(seed, KEYS);
  await seedEdgeKeys(seed);
  dbsize = await seed.dbsize();
}, 120_000);

afterAll(async () => {
  seed?.disconnect();
  await redis?.stop();
});

describe('cachescope analyze', () => {
  it('--json: totals = DBSIZE, namespaces per first segment, serverReads = the INFO delta of the run', async () => {
    // A few misses in the server's counters beforehand, to be sure the delta is measured, not assumed.
    await seed.get('absent:before');
    const before = await counters();
    const r = await runCli(['analyze', '--json', '--depth', '1', ...target()], { timeoutMs: 60_000 });
    const after = await counters();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AnalysisReport;
    expect(report.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    expect(report.serverReads.hits).toBe(2 * dbsize);
    expect(report.totals.keys).toBe(dbsize);
    expect(report).toMatchObject({ complete: true, dbsize, path: 'script', depth: 1, delimiter: ':' });
    // Layout keys: one without TTL in 16; edge keys and typed keys have none, except the hash.
    const edgeNoTtl = EDGE_KEYS.length + 5;
    expect(report.totals.noTtl).toBe(summary.noTtl + edgeNoTtl);
    const ns = Object.fromEntries(report.namespaces.map((n) => [text(n.prefix), n]));
    for (const [first, n] of summary.byFirstSegment) expect(ns[first]?.keys, first).toBe(n);
    expect(ns['profile:']).toMatchObject({ noTtl: summary.byFirstSegment.get('profile:'), types: { string: summary.byFirstSegment.get('profile:') } });
    expect(ns['types:']!.types).toEqual({ list: 1, set: 1, zset: 1, hash: 1, stream: 1, string: 1 });
    expect(Object.keys(ns['session:']!.ttlBuckets)).toEqual(['none', 'lt1m', 'lt1h', 'lt1d', 'lt7d', 'gte7d']);
    expect(ns[`b64:${Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x3a]).toString('base64')}`]?.keys).toBe(1);
    expect(report.namespaces.reduce((s, n) => s + n.keys, 0)).toBe(report.totals.keys);
    expect(report.namespaces.reduce((s, n) => s + n.bytes, 0)).toBe(report.totals.bytes);
    // Ranked by memory, largest first.
    const bytes = report.namespaces.map((n) => n.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    expect(report.topKeys[0]!.key).toEqual({ utf8: `long:${'x'.repeat(10_000)}` });
  });

  it('--match and --depth 2 report a subset; --pipeline --no-memory takes the other path', async () => {
    const r = await runCli(['analyze', '--json', '--match', 'skillup:*', '--depth', '2', ...target()], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AnalysisReport;
    expect(report.match).toEqual({ utf8: 'skillup:*' });
    expect(report.namespaces.map((n) => text(n.prefix)).sort()).toEqual(['skillup:course:', 'skillup:user:']);
    expect(report.totals.keys).toBe(summary.byFirstSegment.get('skillup:'));

    const plain = await runCli(['analyze', '--json', '--pipeline', '--no-memory', ...target()], { timeoutMs: 60_000 });
    expect(plain.code).toBe(0);
    const p = JSON.parse(plain.stdout) as AnalysisReport;
    expect(p).toMatchObject({ path: 'pipeline', withMemory: false, totals: { keys: dbsize, bytes: 0, bytesEstimated: true } });
  });

  it('collapses id segments (hypersdk user:<id>:profile) into one pattern namespace; --no-collapse-ids keeps them literal', async () => {
    const r = await runCli(['analyze', '--json', '--match', 'user:*', '--depth', '2', ...target()], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AnalysisReport;
    expect(report.collapseIds).toBe(true);
    const collapsed = report.namespaces.find((n) => text(n.prefix) === 'user:*:');
    expect(collapsed).toMatchObject({ pattern: true });
    expect(report.namespaces.some((n) => /^user:\d+:$/.test(text(n.prefix)))).toBe(false);

    const lit = await runCli(['analyze', '--json', '--no-collapse-ids', '--match', 'user:*', '--depth', '2', ...target()], { timeoutMs: 60_000 });
    expect(lit.code).toBe(0);
    const l = JSON.parse(lit.stdout) as AnalysisReport;
    expect(l.collapseIds).toBe(false);
    expect(l.namespaces.some((n) => n.pattern)).toBe(false);
    const literalIds = l.namespaces.filter((n) => /^user:\d+:$/.test(text(n.prefix)));
    expect(literalIds.reduce((s, n) => s + n.keys, 0)).toBe(collapsed!.keys);
  });

  it('prints a readable table without --json, and reports usage and connection errors with their exit codes', async () => {
    const r = await runCli(['analyze', '--depth', '1', ...target()], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`db 0: ${dbsize.toLocaleString('en-US').replace(/,/g, '.?')} keys`));
    expect(r.stdout).toMatch(/namespace\s+keys\s+memory\s+no TTL\s+types/);
    expect(r.stdout).toMatch(/^user:\s/m);
    expect(r.stdout).toMatch(/Largest keys:/);
    const bad = await runCli(['analyze', '--depth', '0', ...target()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--depth must be between 1 and 16/);
    const refused = await runCli(['analyze', '--host', '127.0.0.1', '--port', String(await closedPort())]);
    expect(refused.code).toBe(3);
  });
});

describe('analysis through the core', () => {
  it('reports TTL-policy violations from saved rules, reuses a complete scan, exports CSV and JSON', async () => {
    const app = makeCore({ REDIS_URL: redis.url });
    try {
      const got = await app.call('keyspace.settings.get', { id: 'env-default' });
      expect(got.settings).toEqual({ delimiter: ':', collapseIds: true, fold: null, ttlRules: [] });
      expect(got.presets.map((p) => p.name)).toContain('lms-phase4');
      const rules = TTL_PRESETS.find((p) => p.name === 'lms-phase4')!.rules;
      await app.call('keyspace.settings.set', { id: 'env-default', ttlRules: rules, fold: { utf8: 'skillup:' } });
      const file = path.join(app.dataDir, 'keyspace-settings.json');
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8')).connections['env-default'].ttlRules).toHaveLength(rules.length);

      await app.call('connections.open', { id: 'env-default' });
      const report = await app.call('analysis.run', { id: 'env-default', depth: 1 });
      expect(report).toMatchObject({ complete: true, dbsize, totals: { keys: dbsize }, fold: { utf8: 'skillup:' } });
      const ns = Object.fromEntries(report.namespaces.map((n) => [text(n.prefix), n.keys]));
      expect(ns['skillup:course:']).toBeGreaterThan(0); // folded: depth 1 counts after skillup:
      // The saved fold applies to the tree's root too: skillup:'s children are listed in its place.
      const root = await app.call('keys.tree', { id: 'env-default', prefix: null, limit: 100 });
      expect(root.fold).toEqual({ utf8: 'skillup:' });
      const course = root.rows.find((r) => r.kind === 'folder' && text(r.prefix) === 'skillup:course:');
      expect(course && text(course.name)).toBe('course');
      expect(root.rows.some((r) => r.kind === 'folder' && text(r.prefix) === 'skillup:')).toBe(false);
      // "Group ids" is saved per connection and is what the tree uses when a call does not say.
      expect(root.collapseIds).toBe(true);
      await app.call('keyspace.settings.set', { id: 'env-default', collapseIds: false });
      expect(JSON.parse(readFileSync(file, 'utf8')).connections['env-default']).toMatchObject({ collapseIds: false, fold: { utf8: 'skillup:' } });
      const literal = await app.call('keys.tree', { id: 'env-default', prefix: { utf8: 'user:' }, limit: 1 });
      expect(literal.collapseIds).toBe(false);
      await app.call('keyspace.settings.set', { id: 'env-default', collapseIds: true });
      const missing = report.ttlViolations.find((v) => v.pattern === 'profile:*' && v.kind === 'missing-ttl');
      expect(missing?.count).toBe(summary.byFirstSegment.get('profile:'));
      expect(missing?.samples).toHaveLength(20);
      // `course:<id>` keys carry 2 h; the lms rule allows 30 min.
      expect(report.ttlViolations.find((v) => v.pattern === 'course:*' && v.kind === 'ttl-above-max')?.count).toBeGreaterThan(0);

      const again = await app.call('analysis.run', { id: 'env-default', depth: 2 });
      expect(again.scanId).toBe(report.scanId); // the complete index was reused
      const fresh = await app.call('analysis.run', { id: 'env-default', depth: 2, rescan: true });
      expect(fresh.scanId).not.toBe(report.scanId);
      expect(fresh.totals.keys).toBe(dbsize);

      const csv = await app.call('analysis.export', { id: 'env-default', format: 'csv', table: 'namespaces' });
      expect(csv.mime).toBe('text/csv');
      expect(csv.content.split('\r\n')[0]).toMatch(/^prefix,prefix_encoding,keys,bytes,/);
      expect(csv.content.split('\r\n').length).toBe(fresh.namespaces.length + 2);
      const json = await app.call('analysis.export', { id: 'env-default', format: 'json' });
      expect(JSON.parse(json.content)).toEqual(fresh);
    } finally {
      await app.close();
    }
  });
});
