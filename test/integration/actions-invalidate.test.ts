import type Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireBytes } from '../../shared/contract';
import type { TestCore } from '../helpers/core';
import type { TestRedis } from '../helpers/redis-server';
import { allKeys, invalidate, latin1, lookups, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

const BIN = Buffer.from([0xff, 0x00, 0x0a, 0x2a, 0x78]); // \xff \0 \n * x
const b64 = (b: Buffer): WireBytes => ({ base64: b.toString('base64') });

/** Keys chosen to trip up glob handling, encodings and splitting. */
const TRICKY: (string | Buffer)[] = [
  'report:[2024]:a',
  'report:[2024]:b',
  'report:2:a',
  'report:2:b',
  'report:[2024]x',
  'meeting:details:42',
  'meeting:participants:42',
  'meeting:details:420',
  'meeting:42',
  'dashboard:student:user-17',
  'profile:teacher:user-17',
  'profile:teacher:user-170',
  'star*key',
  'starXkey',
  'q?mark',
  'qXmark',
  'back\\slash',
  'sp ace key',
  'ünï:😀:1',
  'ünï:😀:2',
  BIN,
  Buffer.concat([BIN, Buffer.from(':tail')]),
  Buffer.from([0xfe, 0x00, 0x0a]),
];

describe('invalidate deletes exactly the intended keys', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    ({ redis, seed, t, id } = await startActionsServer());
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));
  beforeEach(async () => {
    await seed.flushdb();
    const pipe = seed.pipeline();
    for (const k of TRICKY) pipe.set(k, 'v');
    await pipe.exec();
  });

  /** Run the target; check it deleted `gone` and only those. */
  async function expectDeletes(target: Parameters<typeof invalidate>[2], gone: (string | Buffer)[]) {
    const before = await allKeys(seed);
    const { preview, result } = await invalidate(t, id, target);
    const after = await allKeys(seed);
    const expected = new Set([...before].filter((k) => !gone.map(latin1).includes(k)));
    expect([...after].sort()).toEqual([...expected].sort());
    expect(preview.matched).toBe(gone.length);
    expect(preview.matchedKind).toBe('exact');
    expect(result.state).toBe('done');
    expect(result.deleted).toBe(gone.length);
    return { preview, result };
  }

  it('a prefix is literal: report:[2024]: never touches report:2:', async () => {
    await expectDeletes({ kind: 'prefix', prefix: { utf8: 'report:[2024]:' } }, ['report:[2024]:a', 'report:[2024]:b']);
  });

  it('a glob pattern matches the id in the middle (meeting:*:42) and suffixes (*:user-17)', async () => {
    await expectDeletes({ kind: 'pattern', pattern: { utf8: 'meeting:*:42' } }, ['meeting:details:42', 'meeting:participants:42']);
    await expectDeletes({ kind: 'pattern', pattern: { utf8: '*:user-17' } }, ['dashboard:student:user-17', 'profile:teacher:user-17']);
  });

  it('keys are exact bytes: glob characters, backslash, spaces, unicode, binary', async () => {
    const keys = ['star*key', 'q?mark', 'back\\slash', 'sp ace key', 'ünï:😀:1', BIN];
    const { preview } = await expectDeletes(
      { kind: 'keys', keys: keys.map((k) => (typeof k === 'string' ? { utf8: k } : b64(k))) },
      keys,
    );
    expect(preview.sample).toContainEqual(b64(BIN));
  });

  it('a binary prefix and a prefix full of glob characters stay literal', async () => {
    await expectDeletes({ kind: 'prefix', prefix: b64(BIN) }, [BIN, Buffer.concat([BIN, Buffer.from(':tail')])]);
    await expectDeletes({ kind: 'prefix', prefix: { utf8: 'star*' } }, ['star*key']);
    await expectDeletes({ kind: 'prefix', prefix: { utf8: 'back\\' } }, ['back\\slash']);
  });

  it('a type filter keeps keys of other types', async () => {
    await seed.hset('typed:h', 'f', 'v');
    await seed.rpush('typed:l', 'x');
    await seed.set('typed:s', 'v');
    await expectDeletes({ kind: 'prefix', prefix: { utf8: 'typed:' }, type: 'hash' }, ['typed:h']);
  });

  it('keys that do not exist are not counted; a missing one alone previews 0 and deletes nothing', async () => {
    const { preview, result } = await invalidate(t, id, { kind: 'keys', keys: [{ utf8: 'nope:1' }, { utf8: 'report:2:a' }] });
    expect(preview.matched).toBe(1);
    expect(result.deleted).toBe(1);
  });

  it('the preview reports memory to be freed and the confirmation for a dev connection', async () => {
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'report:' } } });
    expect(preview.matched).toBe(5);
    expect(preview.bytes).toBeGreaterThan(0);
    expect(preview.confirm).toMatchObject({ kind: 'click', env: 'dev' });
    expect(preview.undoAvailable).toBe(true);
    expect(preview.description).toBe('prefix "report:"');
  });

  it("serverReads (and the ledger) are exactly the lookups the preview's TYPE filter added to the server", async () => {
    await seed.hset('typed:h', 'f', 'v');
    const before = await lookups(seed);
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'report:' }, type: 'string' } });
    const after = await lookups(seed);
    expect(preview.serverReads).toEqual({ hits: 5, misses: 0 });
    expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual(preview.serverReads);
    // Without a type filter a preview reads nothing (SCAN and MEMORY USAGE are not lookups).
    const plain = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'report:' } } });
    expect(plain.serverReads).toEqual({ hits: 0, misses: 0 });
    expect(await lookups(seed)).toEqual(after);
  });

  it("those reads go into the connection's ledger: the poller reports them as Cachescope's own, not the app's", async () => {
    await seed.hset('typed:h', 'f', 'v');
    // Let a poll settle what earlier tests read, then count from a clean interval.
    const settled = Date.now();
    await t.next('metrics.sample', (s) => s.ts > settled + 50, 10_000);
    const samples: { ownHits: number; hits: number }[] = [];
    const off = t.core.on('metrics.sample', (s) => samples.push({ ownHits: s.ownHitsDelta ?? 0, hits: s.hitsDelta ?? 0 }));
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'report:' }, type: 'string' } });
    const doneAt = Date.now();
    await t.next('metrics.sample', (s) => s.ts > doneAt + 50, 10_000);
    off();
    expect(samples.reduce((n, s) => n + s.ownHits, 0)).toBe(preview.serverReads.hits);
    expect(samples.reduce((n, s) => n + s.hits, 0)).toBe(0);
  });

  it('a throttle spaces the batches (a floor, never a ceiling), and cancel stops between batches', async () => {
    const pipe = seed.pipeline();
    for (let i = 0; i < 200; i++) pipe.set(`slow:${i}`, 'v');
    await pipe.exec();
    const started = performance.now();
    const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'slow:' } }, { throttle: 100 });
    expect(result.deleted).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);

    for (let i = 0; i < 200; i++) pipe.set(`slow:${i}`, 'v');
    await pipe.exec();
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'slow:' } } });
    const firstBatch = t.next('job.progress', (p) => p.kind === 'invalidate' && p.deleted > 0);
    const { jobId } = await t.call('actions.execute', { id, previewId: preview.previewId, confirmation: 'confirm', undo: false, throttle: 20 });
    await firstBatch;
    expect(await t.call('actions.cancel', { jobId })).toEqual({ cancelled: true });
    const cancelled = await waitJob(t, jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.deleted).toBeLessThan(200);
    expect(await seed.dbsize()).toBe(TRICKY.length + 200 - cancelled.deleted);
    const audit = await t.call('audit.list', { outcome: 'cancelled', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ action: 'invalidate', resultCount: cancelled.deleted, previewCount: 200 });
  });
});

describe('confirmation is checked by the core', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    ({ redis, seed, t, id } = await startActionsServer({ name: 'billing-prod', env: 'prod' }));
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));

  it('a prod connection needs its name typed; a click phrase or a wrong name is refused and audited', async () => {
    await seed.set('k:1', 'v');
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'k:' } } });
    expect(preview.confirm).toEqual({ kind: 'type', phrase: 'billing-prod', env: 'prod', connectionName: 'billing-prod' });
    for (const confirmation of ['confirm', 'billing-pro', '']) {
      const r = await t.core.invoke('actions.execute', { id, previewId: preview.previewId, confirmation, undo: false });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await seed.exists('k:1')).toBe(1);
    const audit = await t.call('audit.list', { outcome: 'refused' });
    expect(audit.entries.length).toBe(3);
    const ok = await t.core.invoke('actions.execute', { id, previewId: preview.previewId, confirmation: 'billing-prod', undo: false });
    expect(ok.ok).toBe(true);
  });

  it('an execute without a preview (a crafted message) or with a used preview is refused', async () => {
    await seed.set('k:2', 'v');
    const crafted = await t.core.invoke('actions.execute', { id, previewId: 'made-up', confirmation: 'billing-prod' });
    expect(crafted).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const preview = await t.call('actions.preview', { id, target: { kind: 'keys', keys: [{ utf8: 'k:2' }] } });
    await t.call('actions.execute', { id, previewId: preview.previewId, confirmation: 'billing-prod', undo: false });
    const again = await t.core.invoke('actions.execute', { id, previewId: preview.previewId, confirmation: 'billing-prod', undo: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('above the undo limit the preview says undo is unavailable, and an execute asking for undo is refused', async () => {
    await seed.set('big:1', 'x'.repeat(10_000));
    await t.call('actions.settings.set', { undoLimitBytes: 1000 });
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'big:' } } });
    expect(preview.undoAvailable).toBe(false);
    expect(preview.undoNote).toMatch(/Undo will not be available/);
    const r = await t.core.invoke('actions.execute', { id, previewId: preview.previewId, confirmation: 'billing-prod', undo: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await seed.exists('big:1')).toBe(1);
    await t.call('actions.settings.set', { undoLimitBytes: 256 * 1024 * 1024 });
  });
});
