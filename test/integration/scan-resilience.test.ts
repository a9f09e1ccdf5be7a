import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandArgs, ScanProgress } from '../../shared/contract';
import { seedExpiring, seedLayouts } from '../fixtures/keyspace';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const KEYS = 5000;

let redis: TestRedis;
let renamed: TestRedis;
let seed: Redis;
let app: TestCore | null = null;

async function reads(client = seed): Promise<{ hits: number; misses: number }> {
  const info = await client.info('stats');
  return { hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]), misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]) };
}

/** Open a saved profile for an ACL user (or the env default) in a fresh core. */
async function openAs(user: string | null, server = redis): Promise<{ core: TestCore; id: string }> {
  app = makeCore({ REDIS_URL: server.url });
  if (!user) {
    await app.call('connections.open', { id: 'env-default' });
    return { core: app, id: 'env-default' };
  }
  const saved = await app.call('profiles.save', { name: user, host: server.host, port: server.port, username: user, password: 'pw' });
  await app.call('connections.open', { id: saved.id });
  return { core: app, id: saved.id };
}

function collect(core: TestCore): ScanProgress[] {
  const seen: ScanProgress[] = [];
  core.core.on('scan.progress', (p) => seen.push(p));
  return seen;
}

async function scan(core: TestCore, id: string, args: Partial<CommandArgs<'keys.scan.start'>> = {}): Promise<ScanProgress> {
  const { scanId } = await core.call('keys.scan.start', { ...args, id });
  return core.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 60_000);
}

beforeAll(async () => {
  [redis, renamed] = await Promise.all([startRedis(), startRedis(['--rename-command', 'SCRIPT', '""'])]);
  seed = testClient({ host: redis.host, port: redis.port });
  await seedLayouts(seed, KEYS);
  await seed.call('ACL', 'SETUSER', 'noscript', 'on', '>pw', '~*', '&*', '+@all', '-@scripting');
  await seed.call('ACL', 'SETUSER', 'noevalsha', 'on', '>pw', '~*', '&*', '+@all', '-evalsha');
  await seed.call('ACL', 'SETUSER', 'nomemory', 'on', '>pw', '~*', '&*', '+@all', '-memory');
  await seed.call('ACL', 'SETUSER', 'onlyusers', 'on', '>pw', '~user:*', '&*', '+@all');
  await seed.call('ACL', 'SETUSER', 'nopttl', 'on', '>pw', '~*', '&*', '+@all', '-pttl');
  const other = testClient({ host: renamed.host, port: renamed.port });
  await seedLayouts(other, 300);
  other.disconnect();
});

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  seed?.disconnect();
  await Promise.all([redis?.stop(), renamed?.stop()]);
});

describe('when the server refuses scripting', () => {
  it.each([
    ['noscript', /scripting is not available: NOPERM/],
    ['noevalsha', /refused the page script: NOPERM/],
  ])('%s: falls back to pipelines, says why, and gets the same index with exact reads', async (user, reason) => {
    const { core, id } = await openAs(user);
    const before = await reads();
    const done = await scan(core, id);
    const after = await reads();
    expect(done).toMatchObject({ state: 'done', path: 'pipeline', indexed: KEYS, total: KEYS });
    expect(done.pathReason).toMatch(reason);
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    const tree = await core.call('keys.tree', { id, prefix: null });
    expect(tree.summary.keys).toBe(KEYS);
    expect(tree.summary.bytes).toBeGreaterThan(0);
  });

  it('falls back when SCRIPT is renamed away ("unknown command")', async () => {
    const { core, id } = await openAs(null, renamed);
    const done = await scan(core, id);
    expect(done).toMatchObject({ state: 'done', path: 'pipeline', indexed: 300 });
    expect(done.pathReason).toMatch(/unknown command/i);
  });

  it('keeps scanning without sizes when MEMORY USAGE is denied, and says so', async () => {
    const { core, id } = await openAs('nomemory');
    const before = await reads();
    const done = await scan(core, id);
    const after = await reads();
    expect(done).toMatchObject({ state: 'done', path: 'script', indexed: KEYS });
    expect(done.message).toMatch(/MEMORY USAGE is not allowed/);
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    const list = await core.call('keys.list', { id, limit: 3 });
    expect(list.rows.every((r) => r.bytes === null)).toBe(true);
  });
});

describe('when the ACL hides some keys', () => {
  it('indexes the readable ones, counts the others as not readable, and keeps reads exact', async () => {
    const { core, id } = await openAs('onlyusers');
    let users = 0;
    let cursor = '0';
    do {
      const [next, keys] = await seed.scan(cursor, 'MATCH', 'user:*', 'COUNT', 1000);
      cursor = next;
      users += keys.length;
    } while (cursor !== '0');
    const before = await reads();
    const done = await scan(core, id);
    const after = await reads();
    expect(done).toMatchObject({ state: 'done', indexed: users });
    expect(done.message).toMatch(new RegExp(`${KEYS - users} keys could not be read`));
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
  });
});

describe('when the ACL allows TYPE but not PTTL', () => {
  it('indexes nothing it cannot read fully, says so, and still counts the TYPE reads exactly', async () => {
    const { core, id } = await openAs('nopttl');
    const before = await reads();
    const done = await scan(core, id);
    const after = await reads();
    expect(done).toMatchObject({ state: 'done', path: 'script', indexed: 0 });
    expect(done.message).toMatch(new RegExp(`${KEYS} keys could not be read`));
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    expect(done.serverReads!.hits).toBeGreaterThan(0);
  });
});

describe('cancel, throttle, reconnect, close', () => {
  it('cancels a throttled scan at once; the tree is honest about the partial coverage', async () => {
    const { core, id } = await openAs(null);
    const seen = collect(core);
    // 5000 keys × 3 commands at 2000 commands/s would take ~8 s: it cannot finish before the cancel.
    const { scanId } = await core.call('keys.scan.start', { id, throttle: 2000 });
    await core.next('scan.progress', (p) => p.scanId === scanId && p.state === 'running' && p.scanned > 0);
    expect(await core.call('keys.scan.cancel', { id })).toEqual({ cancelled: true });
    const end = await core.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running');
    expect(end.state).toBe('cancelled');
    expect(end.scanned).toBeLessThan(KEYS);
    expect(end.throttle).toBe(2000);
    const tree = await core.call('keys.tree', { id, prefix: null });
    expect(tree.coverage).toMatchObject({ complete: false, state: 'cancelled', dbsize: KEYS });
    expect(tree.coverage.indexed).toBe(tree.summary.keys);
    expect(tree.coverage.indexed).toBeLessThan(KEYS);
    expect(await core.call('keys.scan.cancel', { id })).toEqual({ cancelled: false });
    // Under a throttle, pages are small (a quarter second's budget): several progress items came.
    expect(seen.filter((p) => p.scanId === scanId && p.state === 'running').length).toBeGreaterThan(1);
  });

  it('restarts from the beginning after the connection drops, says so, and ends with every key', async () => {
    const { core, id } = await openAs(null);
    const seen = collect(core);
    const { scanId } = await core.call('keys.scan.start', { id, throttle: 5000 });
    await core.next('scan.progress', (p) => p.scanId === scanId && p.scanned > 0);
    const list = String(await seed.client('LIST'));
    const scanClient = /id=(\d+) .*name=cachescope:scan /.exec(list);
    expect(scanClient).not.toBeNull();
    await seed.client('KILL', 'ID', scanClient![1]!);
    const end = await core.next('scan.progress', (p) => p.scanId === scanId && (p.state === 'done' || p.state === 'error'), 60_000);
    const restarted = seen.find((p) => p.scanId === scanId && p.state === 'restarted');
    expect(restarted?.message).toMatch(/connection was lost .* restarts from the beginning/);
    expect(end).toMatchObject({ state: 'done', indexed: KEYS, restarts: 1 });
  });

  it('drops keys that expire while the scan runs; reads stay exact (misses included)', async () => {
    const { core, id } = await openAs(null);
    await seedExpiring(seed, 1500, 300, 'expiring:');
    const before = await reads();
    const done = await scan(core, id, { throttle: 12_000 });
    const after = await reads();
    expect(done.state).toBe('done');
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    // Whatever was read before expiring is indexed with its (short) TTL; nothing else was invented.
    const rest = await core.call('keys.list', { id, match: { utf8: 'expiring:*' }, limit: 2000 });
    expect(rest.total).toBeLessThanOrEqual(1500);
    for (const r of rest.rows) expect(r.ttlMs).not.toBeNull();
    const others = await core.call('keys.list', { id, match: { utf8: '[^e]*' }, limit: 1 });
    expect(others.total).toBe(KEYS);
  });

  it('stops the scan when its connection closes, without reconnecting it', async () => {
    const { core, id } = await openAs(null);
    const { scanId } = await core.call('keys.scan.start', { id, throttle: 2000 });
    await core.next('scan.progress', (p) => p.scanId === scanId && p.scanned > 0);
    const ended = core.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted');
    await core.call('connections.close', { id });
    expect(['cancelled', 'error']).toContain((await ended).state);
    await new Promise((r) => setTimeout(r, 300));
    expect(String(await seed.client('LIST'))).not.toMatch(/name=cachescope:scan /);
  });
});
