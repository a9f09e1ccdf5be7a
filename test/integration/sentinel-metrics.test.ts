import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';

/**
 * Watching a real Sentinel set (one primary, one replica, three sentinels) through the app core
 * (issue 16): a row per data node, and a SENTINEL FAILOVER while the poller runs is a
 * switch-master event with a new baseline, after which polling goes on against the new primary.
 */
const SLOW = 240_000;
const PASSWORD = 'sn-metrics';

describe('metrics on a real Sentinel set', () => {
  let set: TestSentinelSet;
  let app: TestCore;
  let id = '';
  const samples: MetricSample[] = [];
  const nextSample = (predicate: (s: MetricSample) => boolean, timeoutMs = 60_000) => app.next('metrics.sample', (s) => s.connectionId === id && predicate(s), timeoutMs);

  beforeAll(async () => {
    set = await startSentinelSet({ password: PASSWORD });
    app = makeCore({});
    app.core.on('metrics.sample', (s) => samples.push(s));
  }, SLOW);
  afterAll(async () => {
    await app?.close();
    await set?.stop();
  });

  it('one row per data node; SENTINEL FAILOVER while polling → switch-master, reset "topology", and polling goes on on the new primary', { timeout: SLOW }, async () => {
    const [first, ...others] = set.sentinels;
    const view = await app.call('profiles.save', {
      name: 'sentinel',
      kind: 'sentinel',
      host: first!.host,
      port: first!.port,
      seeds: others.map((s) => ({ host: s.host, port: s.port })),
      sentinel: { masterName: set.masterName },
      password: PASSWORD,
    });
    id = view.id;
    await app.call('connections.open', { id });
    const primary = `127.0.0.1:${set.primary.port}`;
    const replica = `127.0.0.1:${set.replica.port}`;
    const both = await nextSample((s) => s.nodes?.length === 2 && s.nodes.every((n) => n.up) && s.nodes[1]!.linkUp === true);
    expect(both.nodes!.map((n) => [n.address, n.role, n.slots])).toEqual([
      [primary, 'primary', null],
      [replica, 'replica', null],
    ]);
    expect(both.nodes![1]).toMatchObject({ primaryOf: primary, linkUp: true });
    expect(both.nodes![1]!.replLagBytes).toBeGreaterThanOrEqual(0);
    expect(both.cluster).toBeUndefined();
    // The overview is the primary's own figures: one primary, nothing summed twice.
    expect(both.usedMemory).toBe(both.nodes![0]!.usedMemory);
    expect(both.keys).toBe(both.nodes![0]!.keys);

    const from = samples.length;
    await set.failover();
    const switched = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'switch-master'));
    const event = switched.topology!.find((e) => e.kind === 'switch-master')!;
    expect(event).toMatchObject({ address: replica, message: `The Sentinels moved the primary from ${primary} to ${replica} (switch-master).` });
    expect(switched.reset).toBe('topology');
    expect(switched.opsPerSec).toBeNull();
    // Polling goes on, against the new primary, with the old one as its replica.
    const after = await nextSample((s) => samples.indexOf(s) > samples.indexOf(switched) && s.opsPerSec !== null && s.nodes?.[1]?.up === true && s.nodes[1].linkUp === true);
    expect(after.nodes!.map((n) => [n.address, n.role])).toEqual([
      [replica, 'primary'],
      [primary, 'replica'],
    ]);
    expect(after.nodes![1]!.primaryOf).toBe(replica);
    for (const s of samples.slice(from)) expect(s.opsPerSec ?? 0).toBeGreaterThanOrEqual(0);
  });
});

describe('metrics on one standalone server', () => {
  let redis: TestRedis;
  let app: TestCore;
  beforeAll(async () => {
    redis = await startRedis();
    app = makeCore({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('carries no nodes, topology or cluster fields (samples as before issue 16)', async () => {
    await app.call('connections.open', { id: 'env-default' });
    const first = await app.next('metrics.sample', () => true);
    const second = await app.next('metrics.sample', () => true);
    for (const s of [first, second]) for (const field of ['nodes', 'topology', 'cluster']) expect(Object.keys(s)).not.toContain(field);
    const history = await app.call('metrics.history', { id: 'env-default' });
    expect(history.fine.every((s) => !('nodes' in s))).toBe(true);
  });
});
