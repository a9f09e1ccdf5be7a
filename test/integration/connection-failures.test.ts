import { testClient } from '../helpers/redis-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState, MetricSample } from '../../shared/contract';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

describe('connection failures', () => {
  let app: TestCore | undefined;
  let redis: TestRedis | undefined;
  afterEach(async () => {
    await app?.close();
    await redis?.stop();
    app = undefined;
    redis = undefined;
  });

  it('reconnects after the server is killed and restarted: states, a gap, no spike, no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      redis = await startRedis();
      app = makeCore({ REDIS_URL: redis.url });
      const states: ConnectionState[] = [];
      const samples: MetricSample[] = [];
      app.core.on('connection.state', (s) => states.push(s));
      app.core.on('metrics.sample', (s) => samples.push(s));
      await app.call('connections.open', { id: 'env-default' });
      await app.next('metrics.sample', (s) => s.opsPerSec !== null);

      const down = app.next('connection.state', (s) => s.status === 'reconnecting');
      await redis.kill();
      const reconnecting = await down;
      expect(reconnecting.reason).toMatch(/refused|lost the connection/i);

      await new Promise((r) => setTimeout(r, 1500)); // polls fail meanwhile
      const up = app.next('connection.state', (s) => s.status === 'ready');
      await redis.restart();
      await up;
      const resumed = await app.next('metrics.sample', (s) => s.gap === true || s.reset === 'restart', 15_000);
      expect(resumed.opsPerSec).toBeNull(); // a new baseline, never a rate across the hole
      const next = await app.next('metrics.sample', (s) => s.ts > resumed.ts);
      expect(next.opsPerSec).not.toBeNull();
      for (const s of samples) {
        for (const v of [s.opsPerSec, s.evictedPerSec, s.expiredPerSec, s.netInPerSec]) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
      }
      const history = await app.call('metrics.history', { id: 'env-default' });
      expect(history.fine.some((s) => s.gap || s.reset)).toBe(true);
      expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['connecting', 'ready', 'reconnecting']));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('reports a wrong password in words and stops retrying', async () => {
    redis = await startRedis(['--requirepass', 's3cret']);
    app = makeCore({ REDIS_URL: `redis://:wrong@127.0.0.1:${redis.port}` });
    const tested = await app.core.invoke('profiles.test', { id: 'env-default' });
    expect(tested).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    if (!tested.ok) expect(tested.error.message).toMatch(/password/i);
    const state = await app.call('connections.open', { id: 'env-default' });
    const final = state.status === 'error' ? state : await app.next('connection.state', (s) => s.status === 'error');
    expect(final.code).toBe('AUTH_FAILED');
    expect(final.reason).toMatch(/wrong username or password/i);
  });

  it('a wrong password on a db other than 0 is a wrong password, not a missing db (SELECT then fails with NOAUTH)', async () => {
    redis = await startRedis(['--requirepass', 's3cret']);
    app = makeCore({ REDIS_URL: `redis://:wrong@127.0.0.1:${redis.port}/2` });
    const tested = await app.core.invoke('profiles.test', { id: 'env-default' });
    expect(tested).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    const state = await app.call('connections.open', { id: 'env-default' });
    const final = state.status === 'error' ? state : await app.next('connection.state', (s) => s.status === 'error');
    expect(final.code).toBe('AUTH_FAILED');
  });

  it('says a password is needed when none was given', async () => {
    redis = await startRedis(['--requirepass', 's3cret']);
    app = makeCore({ REDIS_URL: redis.url });
    const tested = await app.core.invoke('profiles.test', { id: 'env-default' });
    expect(tested).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', message: expect.stringMatching(/requires a password/) } });
  });

  it('reports an unreachable port as refused, keeps retrying, and never throws', async () => {
    const port = await closedPort();
    app = makeCore({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port) });
    const tested = await app.core.invoke('profiles.test', { id: 'env-default' });
    expect(tested).toMatchObject({ ok: false, error: { code: 'CONNECTION_REFUSED' } });
    const state = await app.call('connections.open', { id: 'env-default' });
    expect(['reconnecting', 'connecting']).toContain(state.status);
    const retrying = await app.next('connection.state', (s) => s.status === 'reconnecting' && !!s.reason);
    expect(retrying.reason).toMatch(/Connection refused at 127\.0\.0\.1:\d+/);
    expect(retrying.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
  });

  it('keeps the refusal as the reason while retrying: the attempt closing after it does not replace it', async () => {
    app = makeCore({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(await closedPort()) });
    const states: ConnectionState[] = [];
    const off = app.core.on('connection.state', (s) => states.push(s));
    await app.call('connections.open', { id: 'env-default' });
    await app.next('connection.state', (s) => s.status === 'reconnecting' && states.filter((x) => x.status === 'reconnecting').length >= 4, 10_000);
    off();
    // ioredis rejects connect() with "Connection is closed." right after the ECONNREFUSED of the same attempt.
    const reasons = states.filter((s) => s.reason).map((s) => s.code);
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    expect(new Set(reasons)).toEqual(new Set(['CONNECTION_REFUSED']));
  });

  it('reports a poll that cannot get INFO (ACL user without rights) without crashing', async () => {
    redis = await startRedis();
    const admin = testClient(redis.port, '127.0.0.1');
    await admin.call('ACL', 'SETUSER', 'limited', 'on', '>pw', '~*', '+ping', '+client', '+hello', '+auth', '+select', '+dbsize');
    admin.disconnect();
    app = makeCore({ REDIS_URL: `redis://limited:pw@127.0.0.1:${redis.port}` });
    await app.call('connections.open', { id: 'env-default' });
    const denied = await app.next('connection.state', (s) => s.code === 'NO_PERMISSION');
    expect(denied.reason).toMatch(/may not run INFO .*\(ACL\): ask an administrator for \+info/);
  });
});

describe('contract validation at the boundary', () => {
  it('refuses malformed requests and unknown commands with an envelope, never a throw', async () => {
    const app = makeCore({});
    try {
      expect(await app.core.invoke('profiles.save', { name: 5 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await app.core.invoke('profiles.save', { name: 'x', port: 70000 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await app.core.invoke('no.such.command', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await app.core.invoke('connections.open', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await app.core.invoke('profiles.save', { name: 'x', url: 'http://nope' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/redis:\/\//) } });
    } finally {
      await app.close();
    }
  });
});
