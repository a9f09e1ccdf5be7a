import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { ask, infoFields, pollUntil } from '../helpers/redis-client';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';

// Issue 16, keys part: a Sentinel-managed primary with one replica. Scanning "from replicas"
// reads the replica the primary reports, so the primary's keyspace_hits stay where they were.
const SLOW = 180_000;
const KEYS = 2000;

let set: TestSentinelSet;
let app: TestCore;
let id: string;

async function hitsOf(port: number): Promise<number> {
  return Number(infoFields(await ask(port, ['INFO', 'stats'])).keyspace_hits);
}

async function scan(fromReplicas: boolean): Promise<ScanProgress> {
  const { scanId } = await app.call('keys.scan.start', { id, fromReplicas });
  return app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 120_000);
}

beforeAll(async () => {
  set = await startSentinelSet();
  const primary = set.primary.port;
  for (let i = 0; i < KEYS; i += 500) {
    const args: string[] = [];
    for (let k = i; k < Math.min(KEYS, i + 500); k++) args.push(`item:${k}`, String(k));
    await ask(primary, ['MSET', ...args]);
  }
  await pollUntil('the replica has every key', 60_000, async () => {
    const n = Number(await ask(set.replica.port, ['DBSIZE']));
    return n === KEYS ? null : `replica has ${n} of ${KEYS}`;
  });
  app = makeCore({});
  const [first, ...rest] = set.sentinels;
  const saved = await app.call('profiles.save', { name: 'sentinel', kind: 'sentinel', host: first!.host, port: first!.port, seeds: rest, sentinel: { masterName: set.masterName } });
  id = saved.id;
  await app.call('connections.open', { id });
}, SLOW);

afterAll(async () => {
  await app?.close();
  await set?.stop();
});

describe('a Sentinel set, read from its replica', () => {
  it('with fromReplicas the primary’s keyspace_hits do not move and the replica counts the reads; without it the primary does', { timeout: SLOW }, async () => {
    const [p0, r0] = [await hitsOf(set.primary.port), await hitsOf(set.replica.port)];
    const spared = await scan(true);
    const [p1, r1] = [await hitsOf(set.primary.port), await hitsOf(set.replica.port)];
    expect(spared).toMatchObject({ state: 'done', indexed: KEYS, nodes: 1, fromReplicas: true });
    expect(spared.message ?? '').not.toMatch(/read on the primary/);
    expect(p1).toBe(p0);
    expect(r1 - r0).toBe(2 * KEYS);

    const plain = await scan(false);
    expect(plain).toMatchObject({ state: 'done', indexed: KEYS });
    expect((await hitsOf(set.primary.port)) - p1).toBe(2 * KEYS);
  });

  it('falls back to the primary, saying why, when the replica is down', { timeout: SLOW }, async () => {
    await set.replica.kill();
    try {
      const p0 = await hitsOf(set.primary.port);
      const end = await scan(true);
      expect(end).toMatchObject({ state: 'done', indexed: KEYS });
      // The primary may still list the replica for a moment (then it does not answer), or not any more.
      expect(end.message).toMatch(/read on the primary/);
      expect((await hitsOf(set.primary.port)) - p0).toBe(2 * KEYS);
    } finally {
      await set.replica.restart();
    }
  });
});
