import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract';
import type { TestCore } from '../helpers/core';
import type { TestRedis } from '../helpers/redis-server';
import { rawAuditLines } from '../helpers/audit';
import { client, invalidate, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

/**
 * Undo and warm-ups write their audit entry when they start and complete it when they end
 * (as invalidate does), so a process that dies midway leaves "started, not finished" behind;
 * and a backup warmed into another server or db than its header names is a restore there,
 * refused unless the caller confirms it.
 */

let redis: TestRedis;
let seed: Redis;
let t: TestCore;
let id: string;

beforeAll(async () => {
  ({ redis, seed, t, id } = await startActionsServer());
});
afterAll(() => stopActionsServer({ redis, seed, t }));
beforeEach(async () => {
  await seed.call('CLIENT', 'UNPAUSE');
  await seed.flushall();
});

/** Resolves with the action's unfinished entry once the audit log shows one (the run has started). */
async function unfinished(action: string, timeoutMs = 60_000): Promise<AuditEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { entries } = await t.call('audit.list', { action, outcome: 'unfinished', limit: 1 });
    if (entries[0]) return entries[0];
    if (Date.now() > deadline) throw new Error(`no unfinished ${action} entry while it runs`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The started line and the end line of one run share an id; the end line is the folded entry. */
function expectStartAndEnd(action: string): AuditEntry {
  const lines = rawAuditLines(t.dataDir).filter((e) => e.action === action);
  const end = lines[lines.length - 1]!;
  expect(end.phase).toBeUndefined();
  expect(end.id).toBeTruthy();
  expect(lines.filter((e) => e.id === end.id && e.phase === 'started')).toHaveLength(1);
  return end;
}

/** An undo file of keys "u:1", "u:2" deleted from db 0, as the core wrote it. */
async function undoFileOfTwoKeys(): Promise<string> {
  await seed.mset('u:1', 'a', 'u:2', 'b');
  const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'u:' } }, { undo: true });
  expect(result).toMatchObject({ state: 'done', deleted: 2 });
  return result.undoFile!;
}

describe('undo and warm-ups are audited from their start', () => {
  it('actions.undo: an unfinished entry while it runs (naming the undo file), completed at the end', async () => {
    const undoFile = await undoFileOfTwoKeys();
    await seed.call('CLIENT', 'PAUSE', '600000', 'WRITE'); // holds the restore's writes
    const { jobId } = await t.call('actions.undo', { id, undoFile });
    const entry = await unfinished('undo');
    expect(entry).toMatchObject({ undoFile, resultCount: null });
    expect(await seed.exists('u:1', 'u:2')).toBe(0);
    await seed.call('CLIENT', 'UNPAUSE');
    expect(await waitJob(t, jobId)).toMatchObject({ state: 'done', written: 2 });
    expect(expectStartAndEnd('undo')).toMatchObject({ outcome: 'ok', resultCount: 2, previewCount: 2, undoFile });
  });

  it('warm.file.execute: an unfinished entry while it runs, completed at the end', async () => {
    const preview = await t.call('warm.file.preview', { id, source: { content: '{"key":"w:1","value":"x"}\n{"key":"w:2","value":"y"}\n', name: 'w.ndjson' } });
    await seed.call('CLIENT', 'PAUSE', '600000', 'WRITE');
    const { jobId } = await t.call('warm.file.execute', { id, previewId: preview.previewId });
    expect(await unfinished('warm-file')).toMatchObject({ previewCount: 2, target: 'file w.ndjson' });
    await seed.call('CLIENT', 'UNPAUSE');
    expect(await waitJob(t, jobId)).toMatchObject({ state: 'done', written: 2 });
    expect(expectStartAndEnd('warm-file')).toMatchObject({ outcome: 'ok', resultCount: 2, previewCount: 2 });
  });

  it('warm.urls: an unfinished entry while the requests are out, completed at the end', async () => {
    let arrived!: () => void;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => {
      held.push(res);
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`;
      const { jobId } = await t.call('warm.urls', { id, urls: [url], timeoutMs: 60_000 });
      await requested;
      // The request is out: the audit already says so.
      const { entries } = await t.call('audit.list', { action: 'warm-urls', outcome: 'unfinished', limit: 1 });
      expect(entries[0]).toMatchObject({ previewCount: 1, resultCount: null });
      for (const res of held) res.end('ok');
      expect(await waitJob(t, jobId)).toMatchObject({ state: 'done', written: 1 });
      expect(expectStartAndEnd('warm-urls')).toMatchObject({ outcome: 'ok', resultCount: 1, previewCount: 1 });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('warming a backup into another target than its header names', () => {
  it('is refused (naming both, audited, nothing written) unless intoOtherTarget; the preview names the origin', async () => {
    const undoFile = await undoFileOfTwoKeys();
    const content = readFileSync(path.join(t.dataDir, 'undo', undoFile), 'utf8');
    const other = await t.call('profiles.save', { name: 'db 1', host: redis.host, port: redis.port, db: 1 });
    await t.call('connections.open', { id: other.id });
    const db1 = client(redis, 1);
    try {
      const preview = await t.call('warm.file.preview', { id: other.id, source: { content, name: 'backup.ndjson' } });
      expect(preview).toMatchObject({ format: 'undo', valid: 2, origin: { server: `127.0.0.1:${redis.port}`, db: 0 } });
      const refused = await t.core.invoke('warm.file.execute', { id: other.id, previewId: preview.previewId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!refused.ok) expect(refused.error.message).toContain(`This file holds keys of db 0 on 127.0.0.1:${redis.port}, but the target is db 1 on 127.0.0.1:${redis.port}.`);
      expect(await db1.dbsize()).toBe(0);
      const audit = await t.call('audit.list', { action: 'warm-file', connectionId: other.id, limit: 1 });
      expect(audit.entries[0]).toMatchObject({ outcome: 'refused', db: 1 });

      // The same preview, confirmed.
      const done = await waitJob(t, (await t.call('warm.file.execute', { id: other.id, previewId: preview.previewId, intoOtherTarget: true })).jobId);
      expect(done).toMatchObject({ state: 'done', written: 2 });
      expect(await db1.mget('u:1', 'u:2')).toEqual(['a', 'b']);
      expect(await seed.exists('u:1', 'u:2')).toBe(0);

      // Into the server and db it came from, no confirmation is needed.
      const home = await t.call('warm.file.preview', { id, source: { content, name: 'backup.ndjson' } });
      expect(await waitJob(t, (await t.call('warm.file.execute', { id, previewId: home.previewId })).jobId)).toMatchObject({ state: 'done', written: 2 });
      expect(await seed.mget('u:1', 'u:2')).toEqual(['a', 'b']);
    } finally {
      db1.disconnect();
      await t.call('connections.close', { id: other.id });
    }
  });
});
