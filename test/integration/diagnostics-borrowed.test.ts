import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawAuditLines } from '../helpers/audit';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const threshold = async (c: TestClient) => Number(((await c.call('CONFIG', 'GET', 'latency-monitor-threshold')) as string[])[1]);
const entries = (dataDir: string) => {
  const file = path.join(dataDir, 'borrowed-settings.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { entries: { parameter: string; previous: string; set: string }[] }).entries : [];
};

describe('latency-monitor-threshold is borrowed, not taken (invariant 11)', () => {
  const servers: TestRedis[] = [];
  const clients: TestClient[] = [];
  const apps: TestCore[] = [];
  const setup = async (args: string[] = []) => {
    const redis = await startRedis(args);
    servers.push(redis);
    const admin = testClient(redis.port, '127.0.0.1');
    clients.push(admin);
    const app = makeCore({});
    apps.push(app);
    const { id } = await app.call('profiles.save', { name: 'diag', host: redis.host, port: redis.port });
    return { redis, admin, app, id };
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('puts the value from before back when the connection closes, and records the borrow until then', async () => {
    const { admin, app, id } = await setup(['--latency-monitor-threshold', '3']);
    await app.call('connections.open', { id });
    expect(await app.call('diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'confirm' })).toEqual({ nodes: 1, previous: [3] });
    expect(await threshold(admin)).toBe(10);
    // A second change keeps the value from before the first.
    await app.call('diagnostics.latency.threshold', { id, thresholdMs: 20, confirmation: 'confirm' });
    expect(entries(app.dataDir)).toMatchObject([{ parameter: 'latency-monitor-threshold', previous: '3', set: '20' }]);
    await app.call('connections.close', { id });
    expect(await threshold(admin)).toBe(3);
    expect(entries(app.dataDir)).toEqual([]);
    expect(rawAuditLines(app.dataDir).map((l) => [l.action, l.outcome])).toEqual([
      ['latency-threshold', 'ok'],
      ['latency-threshold', 'ok'],
      ['latency-threshold-restore', 'ok'],
    ]);
  });

  it('setting the value from before ends the borrow; closing the core puts back one still held', async () => {
    const { admin, app, id } = await setup();
    await app.call('connections.open', { id });
    await app.call('diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'confirm' });
    await app.call('diagnostics.latency.threshold', { id, thresholdMs: 0, confirmation: 'confirm' });
    expect(entries(app.dataDir)).toEqual([]);
    await app.call('diagnostics.latency.threshold', { id, thresholdMs: 7, confirmation: 'confirm' });
    await app.close();
    expect(await threshold(admin)).toBe(0);
    expect(entries(app.dataDir)).toEqual([]);
  });

  it('leaves a value someone else set since, and drops the record', async () => {
    const { admin, app, id } = await setup();
    await app.call('connections.open', { id });
    await app.call('diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'confirm' });
    await admin.call('CONFIG', 'SET', 'latency-monitor-threshold', '25');
    await app.call('connections.close', { id });
    expect(await threshold(admin)).toBe(25);
    expect(entries(app.dataDir)).toEqual([]);
    expect(rawAuditLines(app.dataDir).at(-1)).toMatchObject({ action: 'latency-threshold-restore', message: expect.stringMatching(/changed since .*left as it is/) });
  });

  it('where CONFIG SET is denied, says what to ask an administrator for, audited, and records nothing', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const admin = testClient(redis.port, '127.0.0.1');
    clients.push(admin);
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>viewer-pw', '~*', '&*', '+@all', '-config|set');
    const app = makeCore({});
    apps.push(app);
    const { id } = await app.call('profiles.save', { name: 'diag', host: redis.host, port: redis.port, username: 'viewer', password: 'viewer-pw' });
    await app.call('connections.open', { id });
    const r = await app.core.invoke('diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'confirm' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_PERMISSION', message: expect.stringMatching(/Ask an administrator to set latency-monitor-threshold to 10 on 127\.0\.0\.1:\d+/) } });
    expect(await threshold(admin)).toBe(0);
    expect(entries(app.dataDir)).toEqual([]);
    expect(rawAuditLines(app.dataDir).map((l) => [l.action, l.outcome])).toEqual([['latency-threshold', 'failed']]);
  });

  it('puts back a value a crashed Cachescope left when the connection next opens, audited, and leaves misses records alone', async () => {
    const { redis, admin, app, id } = await setup(['--latency-monitor-threshold', '4']);
    await admin.call('CONFIG', 'SET', 'latency-monitor-threshold', '50');
    // What a run killed after CONFIG SET leaves in the data folder: its pid is gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const address = `127.0.0.1:${redis.port}`;
    const misses = { address, parameter: 'notify-keyspace-events', previous: '', set: 'Emxeg$', at: 1, pid: gone };
    writeFileSync(
      path.join(app.dataDir, 'borrowed-settings.json'),
      JSON.stringify({ version: 1, entries: [{ address, parameter: 'latency-monitor-threshold', previous: '4', set: '50', at: 1, pid: gone }, misses] }),
    );
    await app.call('connections.open', { id });
    expect(await threshold(admin)).toBe(4);
    // The misses leftover is that feature's to offer.
    expect(entries(app.dataDir)).toEqual([misses]);
    expect(rawAuditLines(app.dataDir)).toMatchObject([
      { action: 'latency-threshold-restore', outcome: 'ok', message: expect.stringMatching(/put back from 50 \(left by a Cachescope that did not stop\)/) },
    ]);
  });
});
