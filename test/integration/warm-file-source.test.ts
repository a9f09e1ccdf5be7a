import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client, waitJob } from './actions-helpers';

/** A file the renderer must not be able to read (or learn lines of) through the warm commands. */
const SECRET_LINES = ['root:x:0:0:root:/root:/bin/bash', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG', '{"key":"k","value":"v","sk_live_4eC39HqLyjWDarjtT1":1}'];

describe('warm files: the renderer uploads text or asks for main’s dialog, never names a path', () => {
  let redis: TestRedis;
  let seed: Redis;
  let secretFile: string;
  let warmFile: string;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
    dir = tempDir('cachescope-warm-src-');
    secretFile = path.join(dir, 'passwd');
    writeFileSync(secretFile, `${SECRET_LINES.join('\n')}\n`);
    warmFile = path.join(dir, 'warm.ndjson');
    writeFileSync(warmFile, '{"key":"w:1","value":"one"}\n{"key":"w:2","value":"two"}\n');
  });
  afterAll(async () => {
    seed?.disconnect();
    await redis?.stop();
  });

  async function open(extra: Parameters<typeof makeCore>[2] = {}): Promise<{ t: TestCore; id: string }> {
    const t = makeCore({}, tempDir(), extra);
    const saved = await t.call('profiles.save', { name: 'warm', host: redis.host, port: redis.port });
    await t.call('connections.open', { id: saved.id });
    return { t, id: saved.id };
  }

  it('serve mode: a path is refused by the contract, the dialog does not exist, a recipe cannot name a file', async () => {
    const { t, id } = await open();
    try {
      const byPath = await t.core.invoke('warm.file.preview', { id, source: { path: secretFile } });
      expect(byPath).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!byPath.ok) expect(byPath.error.message).not.toContain('root');
      expect(await t.core.invoke('warm.file.preview', { id, source: { dialog: true } })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
      const recipe = await t.core.invoke('warm.recipes.save', { id, recipe: { name: 'leak', kind: 'file', path: secretFile } });
      expect(recipe).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      // An upload has no path to remember: it cannot become a file recipe either.
      const uploaded = await t.call('warm.file.preview', { id, source: { content: '{"key":"u","value":"1"}\n', name: 'u.ndjson' } });
      expect(await t.core.invoke('warm.recipes.save', { id, recipe: { name: 'up', kind: 'file', previewId: uploaded.previewId } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await t.call('warm.recipes.list', { id })).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("a malformed file's errors give line numbers and reasons, never its contents", async () => {
    const { t, id } = await open();
    try {
      const preview = await t.call('warm.file.preview', { id, source: { content: `${SECRET_LINES.join('\n')}\n`, name: 'passwd' } });
      expect(preview).toMatchObject({ valid: 0, invalid: 3 });
      expect(preview.errors.map((e) => e.line)).toEqual([1, 2, 3]);
      const text = JSON.stringify(preview);
      for (const secret of ['root:x', 'AWS_SECRET', 'wJalr', 'sk_live']) expect(text).not.toContain(secret);
    } finally {
      await t.close();
    }
  });

  it('desktop: the file comes from main’s open dialog; a recipe remembers that file and runs it again', async () => {
    let answer: string | null = warmFile;
    const asked: string[] = [];
    const dialogs = {
      chooseSavePath: async () => null,
      chooseOpenPath: async ({ title }: { title: string }) => (asked.push(title), answer),
    };
    const { t, id } = await open({ mode: 'desktop', dialogs });
    try {
      const preview = await t.call('warm.file.preview', { id, source: { dialog: true } });
      expect(preview).toMatchObject({ format: 'ndjson', valid: 2, invalid: 0 });
      expect(asked).toHaveLength(1);
      expect(await t.call('warm.recipes.save', { id, recipe: { name: 'nightly', kind: 'file', previewId: preview.previewId } })).toEqual([{ name: 'nightly', kind: 'file', path: warmFile }]);
      const { jobId } = await t.call('warm.file.execute', { id, previewId: preview.previewId });
      expect(await waitJob(t, jobId)).toMatchObject({ state: 'done', written: 2 });
      await seed.del('w:1', 'w:2');
      const run = await t.call('warm.recipes.run', { id, name: 'nightly' });
      expect(await waitJob(t, run.jobId)).toMatchObject({ state: 'done', written: 2 });
      expect(await seed.mget('w:1', 'w:2')).toEqual(['one', 'two']);

      answer = null; // Cancel
      expect(await t.core.invoke('warm.file.preview', { id, source: { dialog: true } })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    } finally {
      await t.close();
    }
  });
});
