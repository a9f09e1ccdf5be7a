import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client } from './actions-helpers';

describe('turning a profile’s protection down is confirmed and audited by the core', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
    t = makeCore({});
  });
  afterAll(async () => {
    await t?.close();
    seed?.disconnect();
    await redis?.stop();
  });

  const base = () => ({ name: 'orders-prod', host: redis.host, port: redis.port });

  it('refuses read-only off without the typed name (audited as refused); the key survives the next delete', async () => {
    const saved = await t.call('profiles.save', { ...base(), readOnly: true, env: 'prod' });
    await seed.set('order:1', 'paid');
    // The drill's message: the same profile with readOnly:false, nothing else.
    const flip = await t.core.invoke('profiles.save', { ...base(), id: saved.id, readOnly: false, env: 'prod' });
    expect(flip).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!flip.ok) expect(flip.error.message).toMatch(/read-only turned off on "orders-prod" needs its name typed/);
    // Omitting readOnly (whose default is false) is the same flip.
    expect(await t.core.invoke('profiles.save', { ...base(), id: saved.id, env: 'prod' })).toMatchObject({ ok: false });
    expect(await t.core.invoke('profiles.save', { ...base(), id: saved.id, readOnly: false, env: 'prod', confirmation: 'orders' })).toMatchObject({ ok: false });
    expect((await t.call('profiles.list', {})).find((p) => p.id === saved.id)).toMatchObject({ readOnly: true });

    await t.call('connections.open', { id: saved.id });
    const del = await t.core.invoke('actions.preview', { id: saved.id, target: { kind: 'keys', keys: [{ utf8: 'order:1' }] } });
    expect(del).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(await seed.get('order:1')).toBe('paid');

    const refused = await t.call('audit.list', { action: 'profile-protection', outcome: 'refused' });
    expect(refused.entries).toHaveLength(3);
    expect(refused.entries[0]).toMatchObject({ connectionId: saved.id, connectionName: 'orders-prod', target: 'read-only turned off' });
    await t.call('connections.close', { id: saved.id });
  });

  it('with the typed name: saved, and one audit entry names the connection and what changed', async () => {
    const saved = await t.call('profiles.save', { ...base(), name: 'cart-prod', readOnly: true, env: 'prod' });
    const r = await t.call('profiles.save', { ...base(), name: 'cart-prod', id: saved.id, readOnly: false, env: 'dev', confirmation: 'cart-prod' });
    expect(r).toMatchObject({ readOnly: false, env: 'dev' });
    const ok = await t.call('audit.list', { action: 'profile-protection', outcome: 'ok', connectionId: saved.id });
    expect(ok.entries).toHaveLength(1);
    expect(ok.entries[0]).toMatchObject({ connectionName: 'cart-prod', target: 'read-only turned off; tag prod → dev', outcome: 'ok' });
  });

  it('a less protected tag alone needs the name too; raising protection or other edits need nothing', async () => {
    const saved = await t.call('profiles.save', { ...base(), name: 'stage', env: 'staging' });
    expect(await t.core.invoke('profiles.save', { ...base(), name: 'stage', id: saved.id, env: 'dev' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await t.call('profiles.save', { ...base(), name: 'stage', id: saved.id, env: 'prod', readOnly: true })).toMatchObject({ env: 'prod', readOnly: true });
    expect(await t.call('profiles.save', { ...base(), name: 'stage', id: saved.id, env: 'prod', readOnly: true, pollIntervalMs: 2000 })).toMatchObject({ pollIntervalMs: 2000 });
    // A new profile has nothing to lower.
    expect(await t.call('profiles.save', { ...base(), name: 'fresh', readOnly: false })).toMatchObject({ readOnly: false });
  });
});
