import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobRegistry } from '../../electron/core/actions/jobs';
import { newUndoFileName, undoDir } from '../../electron/core/actions/undo-dir';
import { metaFile } from '../../electron/core/actions/undo-file';
import { pruneUndoFiles, timeFromUndoName } from '../../electron/core/actions/undo-retention';
import { StreamBus } from '../../electron/core/events';
import { tempDir } from '../helpers/core';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2024-06-30T12:00:00.000Z');
const LOTS = 1024 ** 4;

let seq = 0;

/** An undo file of `bytes` created `ageDays` before NOW (by its name), with its meta sidecar. */
function undoFile(dataDir: string, ageDays: number, bytes = 100): string {
  mkdirSync(undoDir(dataDir), { recursive: true });
  const name = newUndoFileName(`job${String(++seq).padStart(5, '0')}`, new Date(NOW - ageDays * DAY));
  writeFileSync(path.join(undoDir(dataDir), name), 'x'.repeat(bytes));
  writeFileSync(metaFile(path.join(undoDir(dataDir), name)), '{}');
  return name;
}

const left = (dataDir: string) => readdirSync(undoDir(dataDir)).sort();
const withMeta = (names: string[]) => names.flatMap((n) => [n, `${n}.meta.json`]).sort();
const none = new Set<string>();

describe('undo file retention', () => {
  it('reads the creation time back from a name newUndoFileName made', () => {
    const t = Date.parse('2024-05-01T10:20:30.123Z');
    expect(timeFromUndoName(newUndoFileName('abcdef1234', new Date(t)))).toBe(t);
    expect(timeFromUndoName('backup.undo.ndjson')).toBeNull();
  });

  it('deletes files older than keepDays with their meta sidecars, but never the newest, however old', async () => {
    const dir = tempDir();
    const a = undoFile(dir, 10);
    const b = undoFile(dir, 9);
    const c = undoFile(dir, 8);
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: LOTS }, NOW, none);
    expect(pruned.map((f) => [f.file, f.reason])).toEqual([
      [a, 'age'],
      [b, 'age'],
    ]);
    expect(left(dir)).toEqual(withMeta([c]));
  });

  it('keeps files younger than keepDays while the total is within keepBytes', async () => {
    const dir = tempDir();
    const files = [undoFile(dir, 6), undoFile(dir, 3), undoFile(dir, 0)];
    expect(await pruneUndoFiles(dir, { keepDays: 7, keepBytes: 300 }, NOW, none)).toEqual([]);
    expect(left(dir)).toEqual(withMeta(files));
  });

  it('then deletes the oldest while all of them take more than keepBytes', async () => {
    const dir = tempDir();
    const [a, b, c, d] = [undoFile(dir, 4), undoFile(dir, 3), undoFile(dir, 2), undoFile(dir, 1)];
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: 250 }, NOW, none);
    expect(pruned.map((f) => [f.file, f.reason, f.bytes])).toEqual([
      [a, 'size', 100],
      [b, 'size', 100],
    ]);
    expect(left(dir)).toEqual(withMeta([c!, d!]));
  });

  it('applies the age first, then the size, in one pass', async () => {
    const dir = tempDir();
    const [old, mid, recent, newest] = [undoFile(dir, 30, 10), undoFile(dir, 2, 500), undoFile(dir, 1, 500), undoFile(dir, 0, 500)];
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: 1000 }, NOW, none);
    expect(pruned.map((f) => [f.file, f.reason])).toEqual([
      [old, 'age'],
      [mid, 'size'],
    ]);
    expect(left(dir)).toEqual(withMeta([recent!, newest!]));
  });

  it('never deletes a file in use, though its bytes count toward the total', async () => {
    const dir = tempDir();
    const [restoring, b, c, newest] = [undoFile(dir, 20), undoFile(dir, 3), undoFile(dir, 2), undoFile(dir, 1)];
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: 150 }, NOW, new Set([restoring!]));
    expect(pruned.map((f) => f.file)).toEqual([b, c]);
    expect(left(dir)).toEqual(withMeta([restoring!, newest!]));
  });

  it('never deletes the newest file, even when it alone is over keepBytes', async () => {
    const dir = tempDir();
    const [a, newest] = [undoFile(dir, 2), undoFile(dir, 1, 5000)];
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: 0 }, NOW, none);
    expect(pruned.map((f) => f.file)).toEqual([a]);
    expect(left(dir)).toEqual(withMeta([newest]));
  });

  it('ages a file without a time in its name by its modification time, and leaves other files alone', async () => {
    const dir = tempDir();
    const newest = undoFile(dir, 0);
    const copy = path.join(undoDir(dir), 'backup-copy.undo.ndjson');
    writeFileSync(copy, 'x');
    const old = (NOW - 30 * DAY) / 1000;
    utimesSync(copy, old, old);
    writeFileSync(path.join(undoDir(dir), 'notes.txt'), 'not an undo file');
    const pruned = await pruneUndoFiles(dir, { keepDays: 7, keepBytes: LOTS }, NOW, none);
    expect(pruned.map((f) => [f.file, f.reason])).toEqual([['backup-copy.undo.ndjson', 'age']]);
    expect(existsSync(copy)).toBe(false);
    expect(left(dir)).toEqual([...withMeta([newest]), 'notes.txt'].sort());
  });

  it('has nothing to do without an undo folder', async () => {
    expect(await pruneUndoFiles(tempDir(), { keepDays: 1, keepBytes: 0 }, NOW, none)).toEqual([]);
  });
});

describe('undo files in use', () => {
  it('are those named by running jobs, until they end', async () => {
    const jobs = new JobRegistry(new StreamBus());
    let finish = () => {};
    const { done } = jobs.start('undo', 'c1', async (job) => {
      job.update({ undoFile: 'a.undo.ndjson' });
      await new Promise<void>((resolve) => (finish = resolve));
      return { state: 'done', value: undefined };
    });
    jobs.start('preview', 'c1', async () => ({ state: 'done', value: undefined }));
    expect([...jobs.undoFilesInUse()]).toEqual(['a.undo.ndjson']);
    finish();
    await done;
    expect(jobs.undoFilesInUse().size).toBe(0);
  });
});
