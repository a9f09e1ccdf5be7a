import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { ask, infoFields, pollUntil } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { flushCluster, keysByPrimary, testClusterClient } from '../helpers/redis-cluster-client';
import { waitJob } from './actions-helpers';
import { slotOf } from '../../electron/core/redis/slots';

// A primary killed in the middle of an invalidation (issue 16): nothing crashes, no matching key
// is left behind silently, the counts are what UNLINK reported, and the job says what happened —
// the lost node's part done again once its replica took over, or the run stopped with a count.

const SLOW = 240_000;
const KEYS = 24_000;
/** Keys examined per second: slow enough that the run is still going when a primary is killed. */
const THROTTLE = 3_000;
/** A primary is killed while its part has at least this many keys to go (≥ 0.6 s at THROTTLE). */
const MARGIN = 2_000;
const TAKEOVER_WAIT_MS = 15_000;

let cluster: TestCluster;
let seed: Cluster;
let t: TestCore;
let id: string;

beforeAll(async () => {
  cluster = await startCluster();
  seed = testClusterClient(cluster);
  // A run that lost a primary waits this long for the cluster to serve every slot again.
  t = makeCore({}, undefined, { takeoverWaitMs: TAKEOVER_WAIT_MS });
  const [first, ...rest] = cluster.seeds;
  id = (await t.call('profiles.save', { name: 'failover cluster', host: first!.host, port: first!.port, kind: 'cluster', seeds: rest.map((s) => ({ ...s })) })).id;
  await t.call('connections.open', { id });
}, SLOW);
afterAll(async () => {
  await t?.close();
  seed?.disconnect();
  await cluster?.stop();
});
beforeEach(async () => {
  // Every node back up (a test killed one), the cluster settled, and empty.
  for (const n of cluster.nodes) if (!cluster.node(n.port).running) await cluster.node(n.port).restart();
  await cluster.waitHealthy(120_000);
  await flushCluster(cluster);
}, SLOW);

async function seedKeys(): Promise<void> {
  for (let i = 0; i < KEYS; i += 500) await Promise.all(Array.from({ length: 500 }, (_, j) => seed.set(`inv:${i + j}`, 'x')));
  await Promise.all(Array.from({ length: 100 }, (_, i) => seed.set(`keep:${i}`, 'x')));
}

/** Matching keys left on each running primary, by port. */
async function leftPerPrimary(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const [port, keys] of await keysByPrimary(cluster)) out.set(port, [...keys].filter((k) => k.startsWith('inv:')).length);
  return out;
}

/** Each primary's replica, as the replicas say (INFO replication): asked before a run, so a kill follows its cue at once. */
async function replicasByPrimary(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const n of await cluster.roles()) {
    if (n.role === 'replica') out.set(Number(infoFields(await ask(n.port, ['INFO', 'replication'])).master_port), n.port);
  }
  return out;
}

/**
 * Move one slot of the primary on `from` holding matching keys onto the primary on `onto`, keys
 * and all, the way redis-cli --cluster reshard does (IMPORTING, MIGRATING, MIGRATE, SETSLOT NODE).
 */
async function migrateSlotWithKeys(from: number, onto: number): Promise<{ slot: number; keys: number }> {
  const owned = (await ask(from, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][];
  const range = owned.find((r) => Number(r[2][1]) === from)!;
  let slot = Number(range[0]);
  while (Number(await ask(from, ['CLUSTER', 'COUNTKEYSINSLOT', slot])) === 0) slot++;
  const fromId = String(await ask(from, ['CLUSTER', 'MYID']));
  const ontoId = String(await ask(onto, ['CLUSTER', 'MYID']));
  await ask(onto, ['CLUSTER', 'SETSLOT', slot, 'IMPORTING', fromId]);
  await ask(from, ['CLUSTER', 'SETSLOT', slot, 'MIGRATING', ontoId]);
  let keys = 0;
  for (;;) {
    const batch = (await ask(from, ['CLUSTER', 'GETKEYSINSLOT', slot, 100])) as string[];
    if (batch.length === 0) break;
    await ask(from, ['MIGRATE', '127.0.0.1', onto, '', 0, 5000, 'KEYS', ...batch]);
    keys += batch.length;
  }
  for (const n of await cluster.roles()) if (n.role === 'primary') await ask(n.port, ['CLUSTER', 'SETSLOT', slot, 'NODE', ontoId]);
  return { slot, keys };
}

/** Start a throttled invalidation of `inv:*` with an undo file; returns its job id. */
async function startInvalidation(throttle = THROTTLE): Promise<string> {
  const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'inv:' } } });
  expect(preview).toMatchObject({ matched: KEYS, matchedKind: 'counted' });
  const { jobId } = await t.call('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: true, throttle });
  return jobId;
}

/**
 * Wait until some primary's part is under way (some of its keys gone, MARGIN still to go), and
 * return that primary. `initial`: the matching keys per primary before the run started.
 */
async function primaryMidway(jobId: string, initial: Map<number, number>): Promise<number> {
  let found = 0;
  await pollUntil('a primary with its part under way', 120_000, async () => {
    const job = await t.call('actions.job', { jobId });
    if (job?.state !== 'running') return `the job is ${job?.state}`;
    for (const [port, left] of await leftPerPrimary()) {
      if (left > MARGIN && left < (initial.get(port) ?? 0) - 300) {
        found = port;
        return null;
      }
    }
    return 'no part under way yet';
  }, 50);
  return found;
}

describe('a primary killed in the middle of an invalidation', () => {
  it('its replica takes over, the lost part is done again there, and nothing matching is left', { timeout: SLOW }, async () => {
    await seedKeys();
    const initial = await leftPerPrimary();
    const jobId = await startInvalidation();
    const victim = await primaryMidway(jobId, initial);
    await cluster.node(victim).kill();
    const result: JobProgress = await waitJob(t, jobId, SLOW);

    console.log(`killed ${victim} mid-run: ${result.deleted} deleted of ${KEYS}; ${result.message}`);
    expect(result.state, result.message).toBe('done');
    expect(result.message).toMatch(new RegExp(`The part of 127\\.0\\.0\\.1:${victim} stopped after \\d+ of its keys were deleted .*took over its slots, and the part was done again from the start there`));
    expect(result.notes?.length).toBe(1);
    // Nothing matching is left on the primaries that serve the slots now; the other keys stay.
    const left = await leftPerPrimary();
    expect([...left.keys()]).not.toContain(victim);
    expect([...left.values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect((await Promise.all(Array.from({ length: 100 }, (_, i) => seed.exists(`keep:${i}`)))).every((n) => n === 1)).toBe(true);
    // Honest counts: every key deleted at least once; a deletion the dead primary had not yet
    // passed to its replica is deleted again there, and counted as UNLINK reported it.
    expect(result.deleted).toBeGreaterThanOrEqual(KEYS);
    expect(result.deleted).toBe(result.matched);
    expect(result.undoSaved!.entries).toBeGreaterThanOrEqual(KEYS);
    const audit = await t.call('audit.list', { action: 'invalidate', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', resultCount: result.deleted });
    expect(audit.entries[0]!.message).toMatch(/took over its slots/);

    // The undo file brings every key back (a key saved twice is restored once, the second skipped).
    const undone = await waitJob(t, (await t.call('actions.undo', { id, undoFile: result.undoFile!, replace: false, intoOtherTarget: false })).jobId, SLOW);
    expect(undone, undone.message).toMatchObject({ state: 'done', failed: 0 });
    expect(undone.written).toBe(KEYS);
    expect([...(await leftPerPrimary()).values()].reduce((a, b) => a + b, 0)).toBe(KEYS);
  });

  it('explicit keys (the keyed client): the chunk that met the failover is done again once the replica took over', { timeout: SLOW }, async () => {
    await seedKeys();
    const keys = Array.from({ length: 9_000 }, (_, i) => ({ utf8: `inv:${i}` }));
    const preview = await t.call('actions.preview', { id, target: { kind: 'keys', keys } });
    expect(preview).toMatchObject({ matched: 9_000, matchedKind: 'exact' });
    // No undo file: a chunk's UNLINKs then reach the nodes, some answered before the failover and some not.
    const initial = await leftPerPrimary();
    const { jobId } = await t.call('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: false, throttle: 1_500 });
    const victim = await primaryMidway(jobId, initial);
    await cluster.node(victim).kill();
    const result = await waitJob(t, jobId, SLOW);
    console.log(`explicit keys, killed ${victim}: ${result.deleted} deleted of 9000; ${result.message}`);
    expect(result.state, result.message).toBe('done');
    expect(result.message).toMatch(/A chunk of \d+ keys met a cluster fault .*it was done again once every slot had a primary/);
    const named = new Set(keys.map((k) => k.utf8));
    const left = [...(await keysByPrimary(cluster)).values()].flatMap((ks) => [...ks].filter((k) => named.has(k)));
    expect(left).toEqual([]);
    // Each key examined and matched once; deleted as UNLINK reported (a deletion the dead primary
    // had not passed on is made again on its replica, and counted again).
    expect(result).toMatchObject({ scanned: 9_000, matched: 9_000 });
    expect(result.deleted).toBeGreaterThanOrEqual(9_000);
  });

  it('a primary whose part is done fails over (CLUSTER FAILOVER): the new primary is done too, and the job says so', { timeout: SLOW }, async () => {
    await seedKeys();
    const replicas = await replicasByPrimary();
    const jobId = await startInvalidation(1_500);
    let finished = 0;
    await pollUntil('a primary with its part done', 120_000, async () => {
      const job = await t.call('actions.job', { jobId });
      if (job?.state !== 'running') throw new Error(`the job is ${job?.state}`);
      for (const [port, left] of await leftPerPrimary()) if (left === 0) finished = port;
      return finished ? null : 'no part done yet';
    }, 50);
    const promoted = replicas.get(finished)!;
    await cluster.failover(promoted);
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state, result.message).toBe('done');
    expect(result.message).toContain(`127.0.0.1:${promoted} became a primary during the run (a failover or a new shard), so its part was done too.`);
    expect([...(await leftPerPrimary()).values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(result).toMatchObject({ deleted: KEYS, matched: KEYS });
  });

  it('a slot moved onto a primary whose part is done: that part is done again, nothing is left', { timeout: SLOW }, async () => {
    await seedKeys();
    const initial = await leftPerPrimary();
    const jobId = await startInvalidation(1_500);
    // One primary done, one not begun: a slot of the second moves onto the first with its keys.
    let from = 0;
    let onto = 0;
    await pollUntil('one part done and one not begun', 120_000, async () => {
      const job = await t.call('actions.job', { jobId });
      if (job?.state !== 'running') throw new Error(`the job is ${job?.state}`);
      const left = await leftPerPrimary();
      onto = [...left].find(([, n]) => n === 0)?.[0] ?? 0;
      from = [...left].find(([port, n]) => n === initial.get(port))?.[0] ?? 0;
      return onto && from ? null : 'not yet';
    }, 50);
    const moved = await migrateSlotWithKeys(from, onto);
    expect(moved.keys).toBeGreaterThan(0);
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state, result.message).toBe('done');
    expect(result.message).toContain(`The slots of 127.0.0.1:${onto} changed during the run (a slot migration), so its part was done again.`);
    expect([...(await leftPerPrimary()).values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(result).toMatchObject({ deleted: KEYS, matched: KEYS });
  });

  it('with no replica to take over, the run waits, goes on when the primary is back, and says so', { timeout: SLOW }, async () => {
    await seedKeys();
    const initial = await leftPerPrimary();
    const replicas = await replicasByPrimary();
    const jobId = await startInvalidation();
    const victim = await primaryMidway(jobId, initial);
    await cluster.node(replicas.get(victim)!).kill();
    await cluster.node(victim).kill();
    // The job waits for a primary for those slots; it neither ends nor fails meanwhile.
    await pollUntil('the job waiting for the cluster', 60_000, async () => {
      const job = await t.call('actions.job', { jobId });
      if (job?.state !== 'running') throw new Error(`the job ended while the cluster was down: ${job?.state} ${job?.message}`);
      return job.notes?.some((n) => /waiting for every slot to have a primary again/.test(n)) ? null : 'no note yet';
    });
    // Back without its data (no persistence here): its part is done again, over what it holds now.
    await cluster.node(victim).restart();
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state, result.message).toBe('done');
    expect(result.message).toMatch(new RegExp(`The part of 127\\.0\\.0\\.1:${victim} stopped .*every slot had a primary again, and the part was done again from the start\\.`));
    expect([...(await leftPerPrimary()).values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(result.deleted).toBe(result.matched);
  });

  it('when no primary comes back in time, the run stops with what it deleted, restorable, and says why', { timeout: SLOW }, async () => {
    await seedKeys();
    const initial = await leftPerPrimary();
    const replicas = await replicasByPrimary();
    const jobId = await startInvalidation();
    const victim = await primaryMidway(jobId, initial);
    await cluster.node(replicas.get(victim)!).kill();
    await cluster.node(victim).kill();
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state).toBe('failed');
    expect(result.code).toBe('NOT_CONNECTED');
    expect(result.message).toMatch(new RegExp(`after deleting ${result.deleted} keys .*The cluster did not recover within 15 s: 127\\.0\\.0\\.1:${victim} serves slots but does not answer`));
    expect(result.deleted).toBeGreaterThan(0);
    expect(result.deleted).toBeLessThan(KEYS);
    expect(result.undoSaved!.entries).toBeGreaterThanOrEqual(result.deleted);
    const audit = await t.call('audit.list', { action: 'invalidate', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ outcome: 'failed', resultCount: result.deleted });
  });
});

describe('a primary killed mid-restore or mid-warm (its replica promoted)', () => {
  /**
   * The primary serving slot 16383: an invalidation does the primaries in slot order, so its keys
   * come last in the undo file. Frozen (SIGSTOP) it takes nothing — a pipeline sent to it waits —
   * until it is killed, so every entry it was sent is known not to have been applied. It is frozen
   * as soon as the job is started, before this test yields to the event loop: the job (in this
   * process) cannot have had a reply yet, so it is still on the first primary's entries. Frozen
   * earlier, the job's own start would wait out its failover and never meet it.
   */
  async function lastPrimary(): Promise<number> {
    const ranges = (await ask(cluster.seeds[0]!.port, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][];
    return Number(ranges.find((r) => Number(r[1]) === 16383)![2][1]);
  }

  /** Keys were written on a primary other than `victim`: the job runs, and has reached its first batches. */
  async function writtenElsewhere(victim: number): Promise<void> {
    await pollUntil('keys written on another primary', 60_000, async () => ([...(await leftPerPrimary())].some(([port, n]) => port !== victim && n > 0) ? null : 'none yet'), 50);
  }

  it('restore: the entries the lost primary did not take are sent again once its replica took over; every key comes back once', { timeout: SLOW }, async () => {
    await seedKeys();
    const invalidated = await waitJob(t, await startInvalidation(1_000_000), SLOW);
    expect(invalidated).toMatchObject({ state: 'done', deleted: KEYS });
    const victim = await lastPrimary();
    const { jobId } = await t.call('actions.undo', { id, undoFile: invalidated.undoFile!, replace: false, intoOtherTarget: false });
    cluster.node(victim).signal('SIGSTOP');
    await writtenElsewhere(victim);
    await cluster.node(victim).kill();
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state, result.message).toBe('done');
    // Each entry restored once: none counted twice, none recreated, none failed.
    expect(result).toMatchObject({ scanned: KEYS, written: KEYS, skipped: 0, failed: 0 });
    expect(result.message).toMatch(new RegExp(`^Restored ${KEYS} keys\\. \\d+ of \\d+ writes in a batch met a cluster fault \\(.+\\); they were sent again once every slot had a primary \\(`));
    expect(result.notes?.length).toBeGreaterThanOrEqual(1);
    const left = await leftPerPrimary();
    expect([...left.keys()]).not.toContain(victim);
    expect([...left.values()].reduce((a, b) => a + b, 0)).toBe(KEYS);
  });

  it('warm (NDJSON): the lines the lost primary did not take are written again once its replica took over; every key is written', { timeout: SLOW }, async () => {
    const victim = await lastPrimary();
    const owner = new Int32Array(16384);
    for (const r of (await ask(cluster.seeds[0]!.port, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][]) owner.fill(Number(r[2][1]), Number(r[0]), Number(r[1]) + 1);
    const keys = Array.from({ length: KEYS }, (_, i) => `inv:${i}`);
    // The frozen primary's lines last: the others' are written first, then the job waits on it.
    const ordered = [...keys.filter((k) => owner[slotOf(k)] !== victim), ...keys.filter((k) => owner[slotOf(k)] === victim)];
    const content = ordered.map((k) => JSON.stringify({ key: k, type: 'string', value: `warm-${k}` })).join('\n');
    const preview = await t.call('warm.file.preview', { id, source: { content, name: 'warm.ndjson' } });
    expect(preview).toMatchObject({ format: 'ndjson', valid: KEYS, invalid: 0 });
    const { jobId } = await t.call('warm.file.execute', { id, previewId: preview.previewId, intoOtherTarget: false });
    cluster.node(victim).signal('SIGSTOP');
    await writtenElsewhere(victim);
    await cluster.node(victim).kill();
    const result = await waitJob(t, jobId, SLOW);
    expect(result.state, result.message).toBe('done');
    expect(result).toMatchObject({ scanned: KEYS, written: KEYS, failed: 0 });
    expect(result.message).toMatch(new RegExp(`^Wrote ${KEYS} keys\\. \\d+ of \\d+ writes in a batch met a cluster fault \\(.+\\); they were sent again once every slot had a primary \\(`));
    expect([...(await leftPerPrimary()).values()].reduce((a, b) => a + b, 0)).toBe(KEYS);
    const sample = keys.filter((k) => owner[slotOf(k)] === victim).slice(0, 50);
    expect(await Promise.all(sample.map((k) => seed.get(k)))).toEqual(sample.map((k) => `warm-${k}`));
  });
});
