import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissesReport, MissNamespace } from '../../shared/contract';
import { fromWire } from '../../electron/core/keys/wire-bytes';
import { makeCore, type TestCore } from '../helpers/core';
import { pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const ID = 'env-default';

describe('misses: keyspace events per namespace against a real redis-server', () => {
  const servers: TestRedis[] = [];
  const clients: TestClient[] = [];
  let app: TestCore | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const c of clients.splice(0)) c.disconnect();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  const setup = async (args: string[] = []) => {
    const redis = await startRedis(args);
    servers.push(redis);
    const client = testClient(redis.port, '127.0.0.1');
    clients.push(client);
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: ID });
    return { redis, client, app };
  };
  const setting = async (c: TestClient) => ((await c.config('GET', 'notify-keyspace-events')) as string[])[1];
  const report = async (a: TestCore) => (await a.call('misses.report', { id: ID }))!;
  const ns = (r: MissesReport, name: string): MissNamespace | undefined => r.namespaces.find((n) => fromWire(n.prefix).toString() === name);
  /** Events of one server reach the one subscriber in order: once a marker's write is counted, every event before it is. */
  let marks = 0;
  const settled = async (a: TestCore, c: TestClient) => {
    const n = ++marks;
    await c.set(`mark:${n}`, '1');
    await pollUntil('the marker write is counted', 20_000, async () => {
      const w = ns(await report(a), 'mark:')?.writes ?? 0;
      return w >= n ? null : `${w} of ${n} markers`;
    }, 50);
    return report(a);
  };

  it('counts each miss cause exactly per namespace under a deterministic workload, and restores the setting at stop', async () => {
    marks = 0;
    // The app already uses expiry events: its letters must survive.
    const { client, app } = await setup(['--maxmemory-policy', 'allkeys-lru', '--notify-keyspace-events', 'xE']);
    const plan = await app.call('misses.plan', { id: ID });
    expect(plan).toMatchObject({ change: true, permitted: true, ask: null, leftovers: [] });
    expect(plan.nodes).toEqual([{ address: expect.any(String), current: 'xE', proposed: 'xEmeg$' }]);
    expect(plan.cost).toMatch(/publishes one message/);

    // Without consent nothing changes.
    const refused = await app.core.invoke('misses.start', { id: ID });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await setting(client)).toBe('xE');

    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    expect([...(await setting(client))!].sort()).toEqual([...'xEmeg$'].sort());

    // Evictions: a memory limit below what 400 values of 10 kB need, then no limit (no more evictions).
    const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    await client.config('SET', 'maxmemory', String(used + 1024 * 1024));
    const value = 'v'.repeat(10_000);
    for (let i = 0; i < 400; i++) await client.set(`big:${i}`, value);
    await client.config('SET', 'maxmemory', '0');
    let r = await settled(app, client);
    const evicted = ns(r, 'big:')!.evicted;
    expect(evicted).toBeGreaterThan(50);
    expect(r.totals.evicted).toBe(evicted);
    for (let i = 0; i < 400; i++) await client.get(`big:${i}`);

    // Client deletes: DEL and UNLINK, then reads.
    for (let i = 0; i < 30; i++) await client.set(`user:${i}:profile`, 'p');
    for (let i = 0; i < 30; i++) await (i % 2 ? client.del(`user:${i}:profile`) : client.unlink(`user:${i}:profile`));
    for (let i = 0; i < 30; i++) await client.get(`user:${i}:profile`);

    // Expiry: short TTLs, read once the server has expired them all.
    for (let i = 0; i < 25; i++) await client.set(`course:${i}`, 'c', 'PX', 20);
    await pollUntil('the short TTLs expired', 20_000, async () => {
      const e = ns(await settled(app, client), 'course:')?.expired ?? 0;
      return e === 25 ? null : `${e} of 25 expired`;
    }, 50);
    for (let i = 0; i < 25; i++) await client.get(`course:${i}`);

    // Cold: never written.
    for (let i = 0; i < 20; i++) await client.get(`instructors:list:verified=true&page=${i}`);
    r = await settled(app, client);

    expect(ns(r, 'big:')).toMatchObject({ writes: 400, misses: evicted, causes: { cold: 0, afterExpiry: 0, afterEviction: evicted, afterDelete: 0 } });
    expect(ns(r, 'big:')!.delays.afterEviction.within10s + ns(r, 'big:')!.delays.afterEviction.within60s).toBe(evicted);
    expect(ns(r, 'user:*:')).toMatchObject({ pattern: true, writes: 30, deletes: 30, misses: 30, causes: { cold: 0, afterExpiry: 0, afterEviction: 0, afterDelete: 30 } });
    expect(ns(r, 'course:')).toMatchObject({ writes: 25, expired: 25, misses: 25, causes: { cold: 0, afterExpiry: 25, afterEviction: 0, afterDelete: 0 } });
    expect(ns(r, 'instructors:list:')).toMatchObject({ writes: 0, misses: 20, causes: { cold: 20, afterExpiry: 0, afterEviction: 0, afterDelete: 0 } });
    expect(r.totals).toMatchObject({ misses: evicted + 75, expired: 25, evicted, deleted: 30 });
    expect(r.causes).toEqual({ cold: 20, afterExpiry: 25, afterEviction: evicted, afterDelete: 30 });
    expect(r.namespaces[0]!.prefix).toEqual({ utf8: 'big:' });
    expect(r).toMatchObject({ complete: true, gaps: [], state: 'watching' });
    // Every removal is still remembered: a miss does not consume it (a second miss has the same cause).
    expect(r.record).toMatchObject({ size: evicted + 30 + 25, capacity: 1_000_000, windowSec: null });
    expect(r.advice.join('\n')).toMatch(/evicted less than a minute before: maxmemory is too small/);

    const final = (await app.call('misses.stop', { id: ID }))!;
    expect(final).toMatchObject({ state: 'stopped', setting: { changed: true, restored: true } });
    expect(await setting(client)).toBe('xE');
    const borrowed = JSON.parse(readFileSync(path.join(app.dataDir, 'borrowed-settings.json'), 'utf8')) as { entries: unknown[] };
    expect(borrowed.entries).toEqual([]);
  });

  it('shows a killed subscription as a gap, and counts again once it is back', async () => {
    marks = 0;
    const { client, app } = await setup();
    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    await client.get('cold:1');
    await settled(app, client);
    await client.client('KILL', 'TYPE', 'pubsub');
    await pollUntil('the gap closed', 20_000, async () => {
      const r = await report(app);
      return r.gaps.length === 1 && r.gaps[0]!.to !== null ? null : JSON.stringify(r.gaps);
    });
    const r0 = await report(app);
    expect(r0.complete).toBe(false);
    expect(r0.gaps[0]!.to!).toBeGreaterThanOrEqual(r0.gaps[0]!.from);
    await client.get('cold:2');
    const r = await settled(app, client);
    expect(ns(r, 'cold:')!.misses).toBe(2);
  });

  it('puts the setting back when the connection closes, and after Cachescope’s connections were killed', async () => {
    const { client, app } = await setup(['--notify-keyspace-events', 'Kg']);
    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    expect(await setting(client)).not.toBe('gK');
    await app.call('connections.close', { id: ID });
    expect(await setting(client)).toBe('gK');

    await app.call('connections.open', { id: ID });
    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    const list = (await client.client('LIST')) as string;
    for (const m of list.matchAll(/id=(\d+) .*name=cachescope:/g)) await client.client('KILL', 'ID', m[1]!);
    const final = (await app.call('misses.stop', { id: ID }))!;
    expect(final.setting.restored).toBe(true);
    expect(await setting(client)).toBe('gK');
  });

  it('puts the setting back when the app quits (the core closes)', async () => {
    const { client, app } = await setup(['--notify-keyspace-events', 'xE']);
    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    expect(await setting(client)).not.toBe('xE');
    await app.core.close();
    expect(await setting(client)).toBe('xE');
  });

  it('where CONFIG GET is allowed but CONFIG SET is not, refuses with the setting to ask for and changes nothing', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const admin = testClient(redis.port, '127.0.0.1');
    clients.push(admin);
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>viewer-pw', '~*', '&*', '+@all', '-config|set');
    app = makeCore({ REDIS_URL: `redis://viewer:viewer-pw@127.0.0.1:${redis.port}` });
    await app.call('connections.open', { id: ID });
    const r = await app.core.invoke('misses.start', { id: ID, consent: true, depth: 2 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_PERMISSION', message: expect.stringMatching(/Ask an administrator to add the letters "Emxeg\$" to notify-keyspace-events/) } });
    expect(await setting(admin)).toBe('');
    const borrowed = JSON.parse(readFileSync(path.join(app.dataDir, 'borrowed-settings.json'), 'utf8')) as { entries: unknown[] };
    expect(borrowed.entries).toEqual([]);
  });

  it('finds a value a crashed Cachescope left, offers it, and puts the previous one back', async () => {
    const { redis, client, app } = await setup(['--notify-keyspace-events', 'xE']);
    await client.config('SET', 'notify-keyspace-events', 'xEmeg$');
    // What a run that was killed after CONFIG SET leaves in the data folder: its pid is gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const address = `127.0.0.1:${redis.port}`;
    writeFileSync(
      path.join(app.dataDir, 'borrowed-settings.json'),
      JSON.stringify({ version: 1, entries: [{ address, parameter: 'notify-keyspace-events', previous: 'xE', set: 'xEmeg$', at: 1, pid: gone }] }),
    );
    const plan = await app.call('misses.plan', { id: ID });
    expect(plan.change).toBe(false);
    expect(plan.leftovers).toEqual([{ address, previous: 'xE', set: 'xEmeg$', at: 1, stillSet: true }]);
    // Watching now adopts it: its stop puts back the value from before the crash.
    await app.call('misses.start', { id: ID, depth: 2 });
    expect((await report(app)).setting.note).toMatch(/left at "xEmeg\$" by a Cachescope that did not stop/);
    await app.call('misses.stop', { id: ID });
    expect(await setting(client)).toBe('xE');

    // Or restored directly from the offer.
    await client.config('SET', 'notify-keyspace-events', 'xEmeg$');
    writeFileSync(
      path.join(app.dataDir, 'borrowed-settings.json'),
      JSON.stringify({ version: 1, entries: [{ address, parameter: 'notify-keyspace-events', previous: 'xE', set: 'xEmeg$', at: 1, pid: gone }] }),
    );
    expect((await app.call('misses.restoreLeftover', { id: ID })).restored).toHaveLength(1);
    expect(await setting(client)).toBe('xE');
    expect((await app.call('misses.plan', { id: ID })).leftovers).toEqual([]);
  });

  it('where CONFIG is renamed away, says what to ask for, and uses the events already on', async () => {
    marks = 0;
    const { client, app } = await setup(['--notify-keyspace-events', 'Emxeg$', '--rename-command', 'CONFIG', '']);
    const plan = await app.call('misses.plan', { id: ID });
    expect(plan).toMatchObject({ permitted: false, change: false, nodes: [{ current: null, proposed: null }] });
    expect(plan.ask).toMatch(/Ask an administrator to add the letters "Emxeg\$" to notify-keyspace-events/);
    await app.call('misses.start', { id: ID, depth: 2 });
    await client.get('a:1');
    const r = await settled(app, client);
    expect(r.totals.misses).toBe(1);
    expect(r.setting.note).toMatch(/CONFIG is refused/);
    expect((await app.call('misses.stop', { id: ID }))!.setting).toMatchObject({ changed: false, restored: null });
  });
});
