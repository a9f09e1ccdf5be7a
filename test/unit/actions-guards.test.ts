import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract';
import { AuditLog, matches, toCsv } from '../../electron/core/audit/audit-log';
import { checkConfirmation, confirmFor } from '../../electron/core/actions/confirm';
import { Throttle } from '../../electron/core/actions/pace';
import { PreviewStore } from '../../electron/core/actions/previews';
import { assertWritable } from '../../electron/core/profile/read-only';
import { remainingTtl } from '../../electron/core/actions/restore';
import { describeTarget, resolveTarget } from '../../electron/core/actions/target';
import { TeeLedger } from '../../electron/core/actions/tee-ledger';
import { undoPath } from '../../electron/core/actions/undo-dir';
import { UndoLimitError, UndoWriter, type UndoHeader } from '../../electron/core/actions/undo-file';
import { ReadLedger } from '../../electron/core/metrics/read-ledger';
import { tempDir } from '../helpers/core';

const HEADER: UndoHeader = { format: 'cachescope-undo', version: 1, createdAt: 0, connectionId: 'c', connectionName: 'c', server: 'h:1', db: 0, description: 'd' };

describe('guards of the cache controls', () => {
  it('read-only refuses with the connection name and the action', () => {
    expect(() => assertWritable({ readOnly: true, name: 'prod-cache' }, 'flushdb')).toThrow(/Connection "prod-cache" is read-only: flushdb is refused/);
    expect(() => assertWritable({ readOnly: false, name: 'x' }, 'flushdb')).not.toThrow();
  });

  it('confirmation scales with the tag: a click on dev and staging, the typed name on prod, FLUSHALL always typed', () => {
    expect(confirmFor({ env: 'dev', name: 'local' })).toMatchObject({ kind: 'click', phrase: 'confirm' });
    expect(confirmFor({ env: 'staging', name: 's' }).kind).toBe('click');
    const prod = confirmFor({ env: 'prod', name: 'billing' });
    expect(prod).toMatchObject({ kind: 'type', phrase: 'billing' });
    expect(() => checkConfirmation(prod, 'confirm')).toThrow(/type "billing" exactly/);
    expect(() => checkConfirmation(prod, 'billing')).not.toThrow();
    expect(confirmFor({ env: 'dev', name: 'local' }, 'strong')).toMatchObject({ kind: 'type', phrase: 'FLUSHALL local' });
  });

  it('targets resolve to exact bytes; a prefix is escaped, keys are deduplicated', () => {
    expect(resolveTarget({ kind: 'prefix', prefix: { utf8: 'report:[2024]:' } })).toEqual({ kind: 'scan', pattern: Buffer.from('report:\\[2024\\]:*') });
    expect(resolveTarget({ kind: 'keys', keys: [{ utf8: 'a' }, { base64: 'YQ==' }, { utf8: 'b' }], type: 'HASH' })).toEqual({ kind: 'keys', keys: [Buffer.from('a'), Buffer.from('b')], type: 'hash' });
    expect(() => resolveTarget({ kind: 'prefix', prefix: { utf8: '' } })).toThrow(/empty prefix/);
    expect(describeTarget({ kind: 'keys', keys: [{ utf8: 'a' }, { utf8: 'b' }, { utf8: 'c' }, { base64: '/w==' }] })).toBe('4 keys "a", "b", "c" and 1 more');
    expect(describeTarget({ kind: 'pattern', pattern: { utf8: 'meeting:*:42' }, type: 'string' })).toBe('pattern "meeting:*:42" (type string)');
  });

  it('undo files are named inside the undo folder only', () => {
    expect(undoPath('/data', '2026-01-01T00-00-00-000Z-abcd1234.undo.ndjson')).toBe(path.join('/data', 'undo', '2026-01-01T00-00-00-000Z-abcd1234.undo.ndjson'));
    for (const bad of ['../x.undo.ndjson', 'a/b.undo.ndjson', '/etc/passwd', 'x.json', '..undo.ndjson']) expect(() => undoPath('/data', bad)).toThrow(/Not an undo file name/);
  });

  it('remaining TTL: none stays none, time passed is subtracted, a passed TTL means do not restore', () => {
    expect(remainingTtl({ pttl: -1, at: 0 }, 10_000)).toBe(0);
    expect(remainingTtl({ pttl: 5000, at: 1000 }, 3000)).toBe(3000);
    expect(remainingTtl({ pttl: 5000, at: 1000 }, 6000)).toBeNull();
  });

  it('a preview is single-use, bound to its connection, and expires', () => {
    let now = 0;
    const store = new PreviewStore<string>(() => now);
    store.put('p1', 'conn-a', 'value');
    expect(() => store.get('conn-b', 'p1')).toThrow(/expired or was already used/);
    expect(store.take('conn-a', 'p1')).toBe('value');
    expect(() => store.take('conn-a', 'p1')).toThrow();
    store.put('p2', 'conn-a', 'v2');
    now += 11 * 60_000;
    expect(() => store.get('conn-a', 'p2')).toThrow();
  });

  it("an action's ledger counts its own reads and passes them to the connection's", () => {
    const parent = new ReadLedger();
    parent.record(5, 5);
    const own = new TeeLedger(parent);
    own.record(2, 1);
    expect(own.totals()).toEqual({ hits: 2, misses: 1 });
    expect(parent.totals()).toEqual({ hits: 7, misses: 6 });
  });

  it('a throttle caps the SCAN batch at the rate', () => {
    expect(new Throttle(undefined).batchSize(1000)).toBe(1000);
    expect(new Throttle(50).batchSize(1000)).toBe(50);
  });

  it('the undo writer refuses a batch that would pass its limit, before writing any of it', async () => {
    const file = path.join(tempDir(), 'u.undo.ndjson');
    const w = await UndoWriter.create(file, HEADER, 400);
    await w.append([{ key: Buffer.from('k1'), pttl: -1, dump: Buffer.alloc(50), at: 1 }]);
    await expect(w.append([{ key: Buffer.from('k2'), pttl: -1, dump: Buffer.alloc(300), at: 1 }])).rejects.toBeInstanceOf(UndoLimitError);
    const meta = await w.close(false);
    expect(meta).toMatchObject({ entries: 1, complete: false });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    await expect(UndoWriter.create(file, HEADER)).rejects.toMatchObject({ code: 'EEXIST' });
  });
});

describe('the audit log', () => {
  const entry = (over: Partial<AuditEntry>): AuditEntry => ({
    ts: 1,
    osUser: 'ann',
    source: 'desktop',
    connectionId: 'c1',
    connectionName: 'local',
    server: '127.0.0.1:6379',
    db: 0,
    action: 'invalidate',
    target: 'prefix "a:"',
    previewCount: 1,
    resultCount: 1,
    durationMs: 3,
    outcome: 'ok',
    ...over,
  });

  it('appends lines and lists the newest first, filtered and limited, skipping a torn line', async () => {
    const log = new AuditLog(path.join(tempDir(), 'audit.jsonl'));
    for (let i = 1; i <= 30; i++) await log.append(entry({ ts: i, action: i % 2 ? 'invalidate' : 'flushdb', outcome: i === 7 ? 'failed' : 'ok' }));
    const { appendFile } = await import('node:fs/promises');
    await appendFile(log.file, '{"ts": 31, "acti');
    const all = await log.list({ limit: 500 });
    expect(all.matched).toBe(30);
    expect(all.entries[0]!.ts).toBe(30);
    const some = await log.list({ action: 'invalidate', limit: 3 });
    expect(some).toMatchObject({ matched: 15 });
    expect(some.entries.map((e) => e.ts)).toEqual([29, 27, 25]);
    expect((await log.list({ outcome: 'failed', limit: 10 })).entries.map((e) => e.ts)).toEqual([7]);
    expect((await log.list({ since: 10, until: 12, limit: 10 })).matched).toBe(3);
  });

  it('filters by text across target, connection, user and message', () => {
    expect(matches(entry({ message: 'FLUSHDB is renamed' }), { text: 'renamed' })).toBe(true);
    expect(matches(entry({}), { text: 'ANN' })).toBe(true);
    expect(matches(entry({}), { text: 'nobody' })).toBe(false);
  });

  it('exports CSV with quoting and spreadsheet formulas defused', () => {
    const csv = toCsv([entry({ target: 'pattern "a,b"', message: '=HYPERLINK("x")' })]);
    const [head, row] = csv.trim().split('\r\n');
    expect(head).toBe('ts,time,osUser,source,connectionName,server,db,action,target,previewCount,resultCount,durationMs,outcome,undoFile,message');
    expect(row).toContain('"pattern ""a,b"""');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
