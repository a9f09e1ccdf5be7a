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

  it('shows the environment default only while nothing is saved, and deletes', async () => {
    const app = makeCore({ REDIS_ADDR: 'cache.internal:6380' });
    const [env] = await app.call('profiles.list', {});
    expect(env).toMatchObject({ id: 'env-default', host: 'cache.internal', port: 6380, source: 'env' });
    const saved = await app.call('profiles.save', { name: 'a', host: '127.0.0.1', port: 1 });
    expect((await app.call('profiles.list', {})).map((p) => p.id)).toEqual([saved.id]);
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
  it('stops polling once a saved profile replaces it in the list', async () => {
    const redis = await startRedis();
    const app = makeCore({ REDIS_URL: redis.url });
    try {
      await app.call('connections.open', { id: 'env-default' });
      expect((await app.call('connections.states', {})).map((s) => s.id)).toEqual(['env-default']);
      await app.call('profiles.save', { name: 'mine', host: '127.0.0.1', port: redis.port });
      expect((await app.call('connections.states', {})).map((s) => s.id)).toEqual([]);
    } finally {
      await app.close();
      await redis.stop();
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
      expect((await app.call('profiles.test', { id: 'env-default' })).version).toMatch(/^\d/);
    } finally {
      await app.close();
      await redis.stop();
    }
  });
});
