import { afterEach, describe, expect, it } from 'vitest';
import type { CommandMixData, NodePanel, SlowlogData } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { rawAuditLines } from '../helpers/audit';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/** The one node's data of a panel (fails the test, with the reason, when the panel is refused). */
function only<T>(nodes: NodePanel<T>[]): T {
  expect(nodes).toHaveLength(1);
  const [n] = nodes;
  if (!n!.available) expect.fail(`panel refused: ${n!.reason}`);
  return n!.data;
}

function row(mix: CommandMixData, command: string) {
  const r = mix.commands.find((c) => c.command === command);
  if (!r) expect.fail(`no ${command} in the mix: ${mix.commands.map((c) => c.command).join(', ')}`);
  return r;
}

/** Calls in the interval, from the rate the mix reports (rate × interval). */
const inInterval = (mix: CommandMixData, command: string) => row(mix, command).callsPerSec! * mix.intervalSec!;

describe('diagnostics against a real redis-server', () => {
  const servers: TestRedis[] = [];
  const clients: TestClient[] = [];
  let app: TestCore | undefined;
  const start = async (args: string[] = []) => {
    const r = await startRedis(args);
    servers.push(r);
    return r;
  };
  /** A client of "the app", named as an app names its pool (or not). */
  const appClient = async (redis: TestRedis, name?: string, options: { username?: string; password?: string } = {}) => {
    const c = testClient(redis.port, '127.0.0.1', { ...(name ? { connectionName: name } : {}), ...options, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    clients.push(c);
    await c.ping();
    return c;
  };
  /** A core with one saved connection, open. */
  const open = async (redis: TestRedis, profile: { readOnly?: boolean; env?: 'dev' | 'prod'; username?: string; password?: string } = {}) => {
    app = makeCore({});
    const saved = await app.call('profiles.save', { name: 'diag', host: redis.host, port: redis.port, ...profile });
    await app.call('connections.open', { id: saved.id });
    return saved.id;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await app?.close();
    app = undefined;
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('shows slow commands (DEBUG SLEEP, a slow Lua script) with their client, and which are new since the last look', async () => {
    const redis = await start(['--enable-debug-command', 'local', '--slowlog-log-slower-than', '1000']);
    const id = await open(redis);
    const slow = await appClient(redis, 'billing-worker');
    const lua = await appClient(redis, 'report-job');
    await slow.call('DEBUG', 'SLEEP', '0.05');
    // A loop of a million steps takes well over the 1 ms threshold on any machine.
    await lua.eval('local i = 0 while i < 1000000 do i = i + 1 end return i', 0);

    const first = only((await app!.call('diagnostics.slowlog', { id })).nodes);
    expect(first.slowerThanUs).toBe(1000);
    const debug = first.entries.find((e) => e.args[0]?.toLowerCase() === 'debug');
    expect(debug).toMatchObject({ clientName: 'billing-worker', args: ['DEBUG', 'SLEEP', '0.05'], isNew: true });
    expect(debug!.durationUs).toBeGreaterThanOrEqual(50_000);
    expect(debug!.clientAddr).toMatch(/^127\.0\.0\.1:\d+$/);
    const script = first.entries.find((e) => e.args[0]?.toLowerCase() === 'eval');
    expect(script).toMatchObject({ clientName: 'report-job', isNew: true });
    // The script is cut, with its size: a slow log line never carries a whole argument of that length.
    expect(script!.args[1]).toMatch(/^local i = 0 while i < 1000000 do i = i \+…\(\d+ B\)$/);

    await app!.call('diagnostics.slowlog.seen', { id, upTo: { [`127.0.0.1:${redis.port}`]: first.newest! } });
    await slow.call('DEBUG', 'SLEEP', '0.02');
    const second = only((await app!.call('diagnostics.slowlog', { id })).nodes);
    // Cachescope's own slow INFO may be logged meanwhile on a loaded machine: the app's entries are what count.
    const apps = second.entries.filter((e) => !e.clientName?.startsWith('cachescope:'));
    expect(apps.filter((e) => e.isNew).map((e) => e.args.join(' '))).toEqual(['DEBUG SLEEP 0.02']);
    const firstIds = new Set(first.entries.map((e) => e.id));
    expect(second.entries.filter((e) => firstIds.has(e.id)).every((e) => !e.isNew)).toBe(true);
    expect(second.entries.filter((e) => firstIds.has(e.id))).toHaveLength(first.entries.length);
  });

  it('remembers what was seen across a restart of the app, and a restarted server’s entries are new again', async () => {
    const redis = await start(['--enable-debug-command', 'local', '--slowlog-log-slower-than', '1000']);
    const id = await open(redis);
    const c = await appClient(redis, 'worker');
    await c.call('DEBUG', 'SLEEP', '0.01');
    const first = only((await app!.call('diagnostics.slowlog', { id })).nodes);
    await app!.call('diagnostics.slowlog.seen', { id, upTo: { [`127.0.0.1:${redis.port}`]: first.newest! } });
    // The app restarts on the same data folder.
    const dataDir = app!.dataDir;
    await app!.core.close();
    app = makeCore({}, dataDir);
    await app.call('connections.open', { id });
    const again = only((await app.call('diagnostics.slowlog', { id })).nodes);
    // (A slow INFO of the new poll may be logged, and new; what was listed before is not.)
    const before = again.entries.filter((e) => e.id <= first.newest!.id);
    expect(before.map((e) => e.id).sort()).toEqual(first.entries.map((e) => e.id).sort());
    expect(before.filter((e) => e.isNew)).toEqual([]);
    // The server restarts: its slow log starts again from id 0, below the mark.
    c.disconnect();
    await redis.kill();
    await redis.restart();
    const after = await appClient(redis, 'worker-2');
    // Entries carry whole seconds: one logged in the very second of the mark after a restart cannot be told from an old one.
    await expect.poll(async () => Number(((await after.call('TIME')) as string[])[0]) * 1000, { timeout: 10_000, interval: 100 }).toBeGreaterThan(first.newest!.ts);
    await after.call('DEBUG', 'SLEEP', '0.01');
    await expect.poll(async () => {
      const [node] = (await app!.call('diagnostics.slowlog', { id })).nodes;
      return node?.available ? node.data.entries.filter((e) => e.isNew).map((e) => e.clientName) : null;
    }, { timeout: 30_000, interval: 200 }).toContain('worker-2');
  });

  it('never shows a value in full: SET and HSET values appear as their size', async () => {
    const redis = await start(['--slowlog-log-slower-than', '0']);
    const id = await open(redis);
    const c = await appClient(redis, 'writer');
    await c.set('session:42', 'secret-token-value');
    await c.hset('user:7', 'email', 'someone@example.com');
    const { entries } = only((await app!.call('diagnostics.slowlog', { id, count: 1000 })).nodes);
    expect(entries.find((e) => e.args[0] === 'set')?.args).toEqual(['set', 'session:42', '‹18 B›']);
    expect(entries.find((e) => e.args[0] === 'hset')?.args).toEqual(['hset', 'user:7', 'email', '‹19 B›']);
    expect(JSON.stringify(entries)).not.toContain('secret-token-value');
  });

  it('reports commandstats deltas equal to a known command mix, with failed calls, errorstats and the read/write share', async () => {
    const redis = await start();
    const id = await open(redis);
    const c = await appClient(redis, 'mix');
    await c.set('text', 'not a number');
    only((await app!.call('diagnostics.commands', { id })).nodes); // the baseline
    const pipe = c.pipeline();
    for (let i = 0; i < 30; i++) pipe.get(`k:${i}`);
    for (let i = 0; i < 10; i++) pipe.set(`k:${i}`, 'v');
    for (let i = 0; i < 3; i++) pipe.incr('text'); // fails: ERR value is not an integer
    pipe.call('KEYS', 'k:*');
    await pipe.exec();
    const mix = only((await app!.call('diagnostics.commands', { id })).nodes);
    expect(mix.intervalSec).toBeGreaterThan(0);
    expect(inInterval(mix, 'get')).toBeCloseTo(30, 6);
    expect(inInterval(mix, 'set')).toBeCloseTo(10, 6);
    expect(row(mix, 'incr').failedPerSec! * mix.intervalSec!).toBeCloseTo(3, 6);
    expect(row(mix, 'incr').failedCalls).toBe(3);
    expect(row(mix, 'get').kind).toBe('read');
    expect(row(mix, 'set').kind).toBe('write');
    expect(row(mix, 'keys').flag).toMatch(/KEYS .* blocks the server/);
    expect(row(mix, 'get').flag).toBeUndefined();
    expect(mix.errors.find((e) => e.error === 'ERR')).toMatchObject({ delta: 3 });
    // reads: 30 GET; writes: 10 SET (+ INCR's calls, which the server counts only when they succeed).
    const writes = 10 + inInterval(mix, 'incr');
    expect(mix.readShare).toBeCloseTo(30 / (30 + writes), 6);
    expect(mix.readsPerSec! * mix.intervalSec!).toBeCloseTo(30, 6);
  });

  it('flags a big DEL by its time per call', async () => {
    const redis = await start();
    const id = await open(redis);
    const c = await appClient(redis, 'big');
    // 200k fields: freeing them in the foreground takes milliseconds.
    for (let batch = 0; batch < 20; batch++) {
      const fields: string[] = [];
      for (let i = 0; i < 10_000; i++) fields.push(`f${batch}:${i}`, 'x');
      await c.hset('big:hash', ...fields);
    }
    only((await app!.call('diagnostics.commands', { id })).nodes);
    await c.del('big:hash');
    const mix = only((await app!.call('diagnostics.commands', { id })).nodes);
    expect(row(mix, 'del').usecPerCall).toBeGreaterThanOrEqual(1000);
    expect(row(mix, 'del').flag).toMatch(/UNLINK/);
  });

  it('groups clients by name and host, flags unnamed ones, and marks Cachescope’s own', async () => {
    const redis = await start();
    const id = await open(redis);
    await appClient(redis, 'api-pool');
    await appClient(redis, 'api-pool');
    await appClient(redis);
    const monitor = await appClient(redis, 'watcher');
    await monitor.monitor();
    const { groups, clients: rows } = only((await app!.call('diagnostics.clients', { id })).nodes);
    expect(groups.find((g) => g.name === 'api-pool')).toMatchObject({ host: '127.0.0.1', connections: 2, own: false, flags: [] });
    expect(groups.find((g) => g.name === null && !g.own)?.flags.join(' ')).toMatch(/^unnamed/);
    expect(groups.find((g) => g.name === 'watcher')?.flags.join(' ')).toMatch(/MONITOR/);
    const own = rows.filter((r) => r.own);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.name!.startsWith('cachescope:'))).toBe(true);
    expect(rows.filter((r) => r.name === 'api-pool').every((r) => !r.own)).toBe(true);
  });

  it('kills a client only when confirmed, audits it, never kills its own, and a read-only connection refuses', async () => {
    const redis = await start();
    const id = await open(redis, { env: 'prod' });
    const victim = await appClient(redis, 'leaky-worker');
    const closed = new Promise<void>((resolve) => victim.once('end', () => resolve()));
    const view = await app!.call('diagnostics.clients', { id });
    expect(view.confirm).toMatchObject({ kind: 'type', phrase: 'diag' });
    const data = only(view.nodes);
    const target = data.clients.find((c) => c.name === 'leaky-worker')!;
    const node = view.nodes[0]!.address;

    const unconfirmed = await app!.core.invoke('diagnostics.clients.kill', { id, node, clientIds: [target.id], confirmation: 'confirm' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await victim.ping()).toBe('PONG');

    const ownId = data.clients.find((c) => c.own)!.id;
    expect(await app!.core.invoke('diagnostics.clients.kill', { id, node, clientIds: [ownId], confirmation: 'diag' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Cachescope's own/) },
    });

    expect(await app!.call('diagnostics.clients.kill', { id, node, clientIds: [target.id], confirmation: 'diag' })).toEqual({ killed: 1 });
    await closed;
    const lines = rawAuditLines(app!.dataDir).filter((l) => l.action === 'client-kill');
    expect(lines.map((l) => l.outcome)).toEqual(['refused', 'failed', 'ok']);
    expect(lines[2]!.message).toMatch(/leaky-worker/);

    await app!.close();
    app = undefined;
    const roId = await open(redis, { readOnly: true });
    const other = await appClient(redis, 'other-worker');
    const roView = await app!.call('diagnostics.clients', { id: roId });
    expect(roView.readOnly).toBe(true);
    const otherId = only(roView.nodes).clients.find((c) => c.name === 'other-worker')!.id;
    const refused = await app!.core.invoke('diagnostics.clients.kill', { id: roId, node: roView.nodes[0]!.address, clientIds: [otherId], confirmation: 'confirm' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(await other.ping()).toBe('PONG');
    expect(rawAuditLines(app!.dataDir).map((l) => [l.action, l.outcome])).toEqual([['client-kill', 'refused']]);
  });

  it('resets the slow log only when confirmed and audited; read-only refuses', async () => {
    const redis = await start(['--slowlog-log-slower-than', '0']);
    const ro = await open(redis, { readOnly: true });
    expect(await app!.core.invoke('diagnostics.slowlog.reset', { id: ro, confirmation: 'confirm' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    const writer = await appClient(redis, 'writer');
    await writer.set('a', '1');
    expect(Number(await writer.call('SLOWLOG', 'LEN'))).toBeGreaterThan(0);
    await app!.close();
    const id = await open(redis);
    expect(await app!.core.invoke('diagnostics.slowlog.reset', { id, confirmation: 'no' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app!.call('diagnostics.slowlog.reset', { id, confirmation: 'confirm' })).toEqual({ nodes: 1 });
    // The SET logged before the reset is gone.
    const after = only((await app!.call('diagnostics.slowlog', { id })).nodes) as SlowlogData;
    expect(after.entries.some((e) => e.args[0]?.toLowerCase() === 'set')).toBe(false);
    expect(rawAuditLines(app!.dataDir).map((l) => [l.action, l.outcome])).toEqual([
      ['slowlog-reset', 'refused'],
      ['slowlog-reset', 'ok'],
    ]);
  });

  it('says how to turn the latency monitor on, turns it on when asked (confirmed, audited), then charts its events', async () => {
    const redis = await start(['--enable-debug-command', 'local']);
    const id = await open(redis);
    const off = only((await app!.call('diagnostics.latency', { id })).nodes);
    expect(off).toMatchObject({ thresholdMs: 0, events: [] });
    expect(off.hint).toMatch(/latency monitor is off .*CONFIG SET latency-monitor-threshold 10/);
    expect(await app!.call('diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'confirm' })).toEqual({ nodes: 1, previous: [0] });
    const c = await appClient(redis, 'sleepy');
    await c.call('DEBUG', 'SLEEP', '0.05');
    const on = only((await app!.call('diagnostics.latency', { id })).nodes);
    expect(on.thresholdMs).toBe(10);
    expect(on.hint).toBeUndefined();
    const command = on.events.find((e) => e.event === 'command');
    expect(command!.latestMs).toBeGreaterThanOrEqual(50);
    expect(command!.history.length).toBeGreaterThan(0);
    expect(rawAuditLines(app!.dataDir).find((l) => l.action === 'latency-threshold')).toMatchObject({ outcome: 'ok', message: expect.stringMatching(/was 0/) });
  });

  it('an ACL user without SLOWLOG, CLIENT LIST and LATENCY rights gets a sentence per panel; the command mix still works', async () => {
    const redis = await start();
    const admin = await appClient(redis, 'setup');
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>viewer-pw', '~*', '+@all', '-slowlog', '-client|list', '-client|kill', '-latency');
    const id = await open(redis, { username: 'viewer', password: 'viewer-pw' });
    const [slowlog, latency, clientsView, mix] = await Promise.all([
      app!.call('diagnostics.slowlog', { id }),
      app!.call('diagnostics.latency', { id }),
      app!.call('diagnostics.clients', { id }),
      app!.call('diagnostics.commands', { id }),
    ]);
    expect(slowlog.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/ACL user may not run SLOWLOG GET.*\+slowlog/) });
    expect(latency.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/may not run LATENCY LATEST.*\+latency/) });
    expect(clientsView.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/may not run CLIENT LIST/) });
    expect(only(mix.nodes).commands.length).toBeGreaterThan(0);
  });

  it('renamed SLOWLOG, LATENCY and CLIENT commands each get a sentence; the command mix still works', async () => {
    const redis = await start(['--rename-command', 'SLOWLOG', '', '--rename-command', 'LATENCY', '', '--rename-command', 'CLIENT', '']);
    const id = await open(redis);
    const [slowlog, latency, clientsView, mix] = await Promise.all([
      app!.call('diagnostics.slowlog', { id }),
      app!.call('diagnostics.latency', { id }),
      app!.call('diagnostics.clients', { id }),
      app!.call('diagnostics.commands', { id }),
    ]);
    expect(slowlog.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/^SLOWLOG is disabled on this server \(renamed/) });
    expect(latency.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/^LATENCY is disabled/) });
    expect(clientsView.nodes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/^CLIENT is disabled/) });
    expect(only(mix.nodes).commands.length).toBeGreaterThan(0);
    // A write through a renamed command is refused in words, and audited as failed.
    const kill = await app!.core.invoke('diagnostics.slowlog.reset', { id, confirmation: 'confirm' });
    expect(kill).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('answers NOT_CONNECTED for a connection that is not open', async () => {
    app = makeCore({});
    expect(await app.core.invoke('diagnostics.clients', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });
});
