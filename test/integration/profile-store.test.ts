import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, tempDir } from '../helpers/core';

describe('saved connections', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis(['--requirepass', 'pa55:word@x']);
  });
  afterAll(async () => redis.stop());

  it('stores passwords encrypted in a 0600 file and never shows them to callers', async () => {
    const dir = tempDir();
    const app = makeCore({}, dir);
    const view = await app.call('profiles.save', { name: 'staging cache', host: '127.0.0.1', port: redis.port, password: 'pa55:word@x', env: 'staging' });
    expect(view).toMatchObject({ name: 'staging cache', hasPassword: true, env: 'staging', color: '#d29922', source: 'saved' });
    expect(JSON.stringify(view)).not.toContain('pa55');
    const file = path.join(dir, 'connections.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('pa55');
    expect(text).toContain('passwordSealed');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const list = await app.call('profiles.list', {});
    expect(JSON.stringify(list)).not.toContain('pa55');
    await app.core.close();

    // A new process reads the sealed password back and can connect with it.
    const again = makeCore({}, dir);
    const [saved] = await again.call('profiles.list', {});
    expect(saved?.hasPassword).toBe(true);
    const tested = await again.call('profiles.test', { id: saved!.id });
    expect(tested.version).toMatch(/^\d/);
    // Editing without retyping the password keeps it.
    // (The tag is sent again: leaving it out would mean dev, a lowered tag that needs confirming.)
    await again.call('profiles.save', { id: saved!.id, name: 'renamed', host: '127.0.0.1', port: redis.port, env: 'staging' });
    expect((await again.call('profiles.test', { id: saved!.id })).version).toMatch(/^\d/);
    await again.close();
  });

  it('lists the environment default, with where it came from, beside saved ones, and deletes', async () => {
    const app = makeCore({ REDIS_ADDR: 'cache.internal:6380' });
    const [env] = await app.call('profiles.list', {});
    expect(env).toMatchObject({ id: 'env-default', host: 'cache.internal', port: 6380, source: 'env', origin: 'REDIS_ADDR' });
    const saved = await app.call('profiles.save', { name: 'a', host: '127.0.0.1', port: 1 });
    expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual([saved.id, 'env-default']);
    expect(await app.call('profiles.delete', { id: saved.id })).toEqual({ deleted: true });
    expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual(['env-default']);
    await app.close();
  });

  it('keeps a malformed connections file aside instead of crashing or deleting it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'connections.json'), '{"version":1,"profiles":[{"name":');
    const app = makeCore({}, dir);
    const list = await app.call('profiles.list', {});
    expect(list.map((p) => p.id)).toEqual(['env-default']);
    const aside = readdirSync(dir).find((f) => f.startsWith('connections.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(dir, aside!), 'utf8')).toContain('"profiles":[{"name":');
    await app.call('profiles.save', { name: 'fresh', host: 'localhost' });
    expect(existsSync(path.join(dir, 'connections.json'))).toBe(true);
    await app.close();
  });
});

describe('the environment default connection', () => {
  // Adding a connection used to drop the default from the list and stop polling it (issue 15).
  it('stays listed and polling when a connection is added; dismissed, it is gone and stops, also after a restart', async () => {
    const redis = await startRedis();
    const dir = tempDir();
    let app = makeCore({ REDIS_URL: redis.url }, dir);
    try {
      await app.call('connections.open', { id: 'env-default' });
      const saved = await app.call('profiles.save', { name: 'mine', host: '127.0.0.1', port: redis.port });
      expect((await app.call('profiles.list', {})).map((p) => [p.id, p.source, p.origin])).toEqual([
        [saved.id, 'saved', undefined],
        ['env-default', 'env', 'REDIS_URL'],
      ]);
      expect((await app.call('connections.states', {})).map((s) => s.id)).toEqual(['env-default']);
      // Still polling: a fresh sample arrives after the save.
      const after = Date.now();
      await app.next('metrics.sample', (s) => s.connectionId === 'env-default' && s.ts > after);

      // Dismissed: it leaves the list (the stream says so) and stops polling.
      const changed = app.next('profiles.changed', (list) => !list.some((p) => p.id === 'env-default'));
      expect(await app.call('profiles.delete', { id: 'env-default' })).toEqual({ deleted: true });
      await changed;
      expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual([saved.id]);
      expect((await app.call('connections.states', {})).map((s) => s.id)).toEqual([]);
      await app.core.close();

      // A new core on the same data folder remembers the dismissal; showDefault brings it back.
      app = makeCore({ REDIS_URL: redis.url }, dir);
      expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual([saved.id]);
      expect((await app.call('profiles.showDefault', {})).map((p) => p.id)).toEqual([saved.id, 'env-default']);
      await app.core.close();
      app = makeCore({ REDIS_URL: redis.url }, dir);
      expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual([saved.id, 'env-default']);
    } finally {
      await app.close();
      await redis.stop();
    }
  });

  it('cannot be dismissed while it is the only connection, and is the one listed once the rest are deleted', async () => {
    const app = makeCore({ REDIS_ADDR: 'cache.internal:6380' });
    try {
      const refused = await app.core.invoke('profiles.delete', { id: 'env-default' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/only one/) } });
      const saved = await app.call('profiles.save', { name: 'a', host: '127.0.0.1', port: 1 });
      await app.call('profiles.delete', { id: 'env-default' });
      await app.call('profiles.delete', { id: saved.id });
      expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual(['env-default']);
    } finally {
      await app.close();
    }
  });
});

describe('saving the environment default', () => {
  it('keeps the password that came from the environment when none is typed', async () => {
    const redis = await startRedis(['--requirepass', 'from-env']);
    const app = makeCore({ REDIS_URL: `redis://:from-env@127.0.0.1:${redis.port}` });
    try {
      const [env] = await app.call('profiles.list', {});
      expect(env).toMatchObject({ id: 'env-default', hasPassword: true });
      const saved = await app.call('profiles.save', { id: 'env-default', name: 'Local', host: '127.0.0.1', port: redis.port, db: 1 });
      expect(saved).toMatchObject({ id: 'env-default', hasPassword: true, db: 1, source: 'saved' });
      expect((await app.call('profiles.list', {})).map((p) => [p.id, p.source])).toEqual([['env-default', 'saved']]);
      expect((await app.call('profiles.test', { id: 'env-default' })).version).toMatch(/^\d/);
      // Deleting the saved copy brings back the environment's own (db 0), not an empty list.
      expect(await app.call('profiles.delete', { id: 'env-default' })).toEqual({ deleted: true });
      expect(await app.call('profiles.list', {})).toEqual([expect.objectContaining({ id: 'env-default', source: 'env', db: 0, origin: 'REDIS_URL' })]);
    } finally {
      await app.close();
      await redis.stop();
    }
  });
});
