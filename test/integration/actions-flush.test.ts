import type Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client, invalidate, openCore, waitJob } from './actions-helpers';

async function seedDbs(r: Redis): Promise<void> {
  await r.mset('a', '1', 'b', '2', 'c', '3');
  await r.select(1);
  await r.mset('x', '1', 'y', '2');
  await r.select(0);
}

describe('flush where FLUSHDB works', () => {
  let redis: TestRedis;
  let seed: Redis;
  let core: { t: TestCore; id: string } | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
  });
  afterEach(async () => core?.t.close());
  afterAll(async () => {
    seed?.disconnect();
    await redis?.stop();
  });

  it('FLUSHDB ASYNC empties the selected db only, after a preview and a click', async () => {
    await seedDbs(seed);
    core = await openCore(redis);
    const { t, id } = core;
    const preview = await t.call('flush.preview', { id });
    expect(preview).toMatchObject({ all: false, db: 0, keys: 3, command: 'available', confirm: { kind: 'click' } });
    expect(preview.note).toMatch(/cannot be undone/);
    const result = await t.call('flush.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    expect(result).toMatchObject({ command: 'FLUSHDB ASYNC', keysBefore: 3 });
    expect(await seed.dbsize()).toBe(0);
    await seed.select(1);
    expect(await seed.dbsize()).toBe(2);
    await seed.select(0);
    const audit = await t.call('audit.list', { action: 'flushdb' });
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', previewCount: 3, target: 'db 0 (FLUSHDB)' });
  });

  it('FLUSHALL needs its own, stronger confirmation even on dev', async () => {
    await seed.flushall();
    await seedDbs(seed);
    core = await openCore(redis, { name: 'local' });
    const { t, id } = core;
    const preview = await t.call('flush.preview', { id, all: true });
    expect(preview).toMatchObject({ all: true, keys: 5, confirm: { kind: 'type', phrase: 'FLUSHALL local' } });
    const clicked = await t.core.invoke('flush.execute', { id, previewId: preview.previewId, confirmation: 'confirm' });
    expect(clicked).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await seed.dbsize()).toBe(3);
    await t.call('flush.execute', { id, previewId: preview.previewId, confirmation: 'FLUSHALL local' });
    expect(await seed.dbsize()).toBe(0);
    await seed.select(1);
    expect(await seed.dbsize()).toBe(0);
    await seed.select(0);
  });
});

describe('flush where FLUSHDB is renamed away or denied', () => {
  let renamed: TestRedis;
  let acl: TestRedis;
  let seed: Redis;
  let core: { t: TestCore; id: string } | undefined;

  beforeAll(async () => {
    [renamed, acl] = await Promise.all([startRedis(['--rename-command', 'FLUSHDB', '', '--rename-command', 'FLUSHALL', '']), startRedis()]);
    seed = client(renamed);
    const admin = client(acl);
    await admin.call('ACL', 'SETUSER', 'app', 'on', '>app-pass', '~*', '&*', '+@all', '-flushdb', '-flushall');
    await admin.mset('k1', '1', 'k2', '2');
    admin.disconnect();
  });
  afterEach(async () => core?.t.close());
  afterAll(async () => {
    seed?.disconnect();
    await Promise.all([renamed?.stop(), acl?.stop()]);
  });

  it('says FLUSHDB is renamed, in words, and offers delete-by-scan, which works with its preview and undo', async () => {
    await seed.mset('user:1', 'a', 'user:2', 'b', 'course:1', 'c');
    await seed.hset('cache:stats', 'hits', '1');
    core = await openCore(renamed);
    const { t, id } = core;
    const preview = await t.call('flush.preview', { id });
    expect(preview.command).toBe('renamed');
    expect(preview.note).toMatch(/FLUSHDB is disabled on this server \(renamed away/);
    expect(preview.note).toMatch(/delete every key by scan/);
    const r = await t.core.invoke('flush.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    if (!r.ok) expect(r.error.message).toMatch(/renamed away with rename-command.*delete every key by scan/);
    expect(await seed.dbsize()).toBe(4);

    // The fallback: the invalidation machinery over every key, with preview and undo.
    const { preview: all, result } = await invalidate(t, id, { kind: 'all' }, { undo: true });
    expect(all).toMatchObject({ matched: 4, matchedKind: 'exact', undoAvailable: true, description: 'every key in the db' });
    expect(result).toMatchObject({ state: 'done', deleted: 4 });
    expect(await seed.dbsize()).toBe(0);
    const undone = await waitJob(t, (await t.call('actions.undo', { id, undoFile: result.undoFile! })).jobId);
    expect(undone.written).toBe(4);
    expect(await seed.hget('cache:stats', 'hits')).toBe('1');

    const audit = await t.call('audit.list', { action: 'flushdb' });
    expect(audit.entries[0]).toMatchObject({ outcome: 'failed' });
    expect(audit.entries[0]!.message).toMatch(/renamed/);
  });

  it('says the ACL user may not flush (NO_PERMISSION) and offers delete-by-scan', async () => {
    core = await openCore(acl, { username: 'app', password: 'app-pass' });
    const { t, id } = core;
    const preview = await t.call('flush.preview', { id });
    expect(preview.command).toBe('available'); // the command exists; the ACL decides at execute time
    const r = await t.core.invoke('flush.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_PERMISSION' } });
    if (!r.ok) expect(r.error.message).toMatch(/may not run FLUSHDB.*delete every key by scan/);
  });
});
