import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ask, infoFields, pollUntil } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { portState } from '../helpers/redis-server';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';

// The real-server helpers the Cluster and Sentinel tests (issue 16) stand on. Bounds are for a
// loaded 2-core machine; the waits inside the helpers poll, so a calm machine is not slowed.
const SLOW = 180_000;
const PASSWORD = 'cl-s3cret';

/** Redis processes (any kind: server, cluster node, sentinel) whose title names one of these ports. */
function redisProcessesOn(ports: readonly number[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    // A running redis-server retitles itself "redis-server 127.0.0.1:PORT [cluster]"; one just spawned still has "--port PORT".
    if (/redis/.test(cmd) && ports.some((p) => new RegExp(`(:|--port )${p}(\\D|$)`).test(cmd))) found.push(`${pid}: ${cmd.trim()}`);
  }
  return found;
}

async function expectGone(ports: readonly number[]) {
  // Every port is one of ours: the system Redis on 6379 is never checked (nor touched).
  expect(ports).not.toContain(6379);
  expect(redisProcessesOn(ports)).toEqual([]);
  for (const port of ports) expect(await portState(port)).toBe('refused');
}

function redisCliC(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-c', '-p', String(port), '-a', PASSWORD, '--no-auth-warning', ...args], { timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

describe('startCluster: a real 3+3 Redis Cluster', () => {
  let cluster: TestCluster | undefined;
  afterAll(() => cluster?.stop());

  const KEYS = ['alpha', 'beta', 'gamma', 'user:1', 'user:2', '{tag}a', '{tag}b', 'x'];

  it('comes up with every slot covered; a key set through redis-cli -c lives on primaryFor(key)', { timeout: SLOW }, async () => {
    const t0 = Date.now();
    cluster = await startCluster({ password: PASSWORD });
    console.log(`cluster 3+3 up in ${Date.now() - t0} ms`);
    const c = cluster;
    expect(c.nodes).toHaveLength(6);
    expect(c.nodes.filter((n) => n.role === 'primary')).toHaveLength(3);
    expect(c.seeds.map((s) => s.port).sort()).toEqual(c.nodes.filter((n) => n.role === 'primary').map((n) => n.port).sort());

    // Coverage, asked of a replica this time: 0..16383 in contiguous ranges, one per primary.
    const replica = c.nodes.find((n) => n.role === 'replica')!;
    const ranges = ((await ask(replica.port, ['CLUSTER', 'SLOTS'], { password: PASSWORD })) as unknown[][]).map((r) => [Number(r[0]), Number(r[1]), Number((r[2] as unknown[])[1])] as const).sort((a, b) => a[0] - b[0]);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(16383);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
    expect(new Set(ranges.map((r) => r[2]))).toEqual(new Set(c.seeds.map((s) => s.port)));

    const owners = new Set<number>();
    for (const key of KEYS) {
      expect(await redisCliC(c.seeds[0]!.port, ['SET', key, `v-${key}`])).toBe('OK');
      const { port } = await c.primaryFor(key);
      owners.add(port);
      // No -c, no redirection: the owner answers itself, any other primary says MOVED.
      expect(await ask(port, ['GET', key], { password: PASSWORD })).toBe(`v-${key}`);
      const other = c.seeds.find((s) => s.port !== port)!;
      await expect(ask(other.port, ['GET', key], { password: PASSWORD })).rejects.toThrow(new RegExp(`MOVED \\d+ 127\\.0\\.0\\.1:${port}`));
    }
    expect(owners.size).toBeGreaterThan(1);
  });

  it('a killed primary is replaced by its replica; restarted, it rejoins as a replica; failover() promotes it back', { timeout: SLOW }, async () => {
    const c = cluster!;
    const victim = await c.primaryFor('alpha');
    let heir: number | undefined;
    for (const n of c.nodes.filter((n) => n.role === 'replica')) {
      if (Number(infoFields(await ask(n.port, ['INFO', 'replication'], { password: PASSWORD })).master_port) === victim.port) heir = n.port;
    }
    expect(heir).toBeDefined();

    let t = Date.now();
    await c.node(victim.port).kill();
    await c.waitHealthy();
    console.log(`primary killed -> replica promoted, cluster healthy in ${Date.now() - t} ms`);
    expect((await c.primaryFor('alpha')).port).toBe(heir);
    expect(await ask(heir!, ['GET', 'alpha'], { password: PASSWORD })).toBe('v-alpha');
    expect(await redisCliC(c.seeds.find((s) => s.port !== victim.port)!.port, ['GET', 'alpha'])).toBe('v-alpha');

    t = Date.now();
    await c.node(victim.port).restart();
    await c.waitHealthy();
    console.log(`killed primary restarted, rejoined as replica in ${Date.now() - t} ms`);
    expect((await c.roles()).find((n) => n.port === victim.port)?.role).toBe('replica');

    t = Date.now();
    await c.failover(victim.port);
    console.log(`CLUSTER FAILOVER back in ${Date.now() - t} ms`);
    expect((await c.primaryFor('alpha')).port).toBe(victim.port);
    expect((await c.roles()).find((n) => n.port === heir)?.role).toBe('replica');
  });

  it('stop() leaves no process and no listening port behind', { timeout: SLOW }, async () => {
    const c = cluster!;
    const ports = c.nodes.map((n) => n.port);
    await c.stop();
    await expectGone(ports);
  });
});

describe('startSentinelSet: a primary, a replica and three real sentinels', () => {
  let set: TestSentinelSet | undefined;
  afterAll(() => set?.stop());

  it('comes up with the sentinels agreeing on the primary; failover() switches it to the replica', { timeout: SLOW }, async () => {
    let t = Date.now();
    set = await startSentinelSet({ password: PASSWORD, sentinelPassword: 'sn-s3cret' });
    console.log(`sentinel set up in ${Date.now() - t} ms`);
    const s = set;
    expect(s.masterName).toBe('mymaster');
    expect(s.sentinels).toHaveLength(3);
    expect(await s.currentPrimary()).toEqual({ host: '127.0.0.1', port: s.primary.port });
    // The sentinels want their password; the data nodes theirs.
    await expect(ask(s.sentinels[0]!.port, ['PING'])).rejects.toThrow(/NOAUTH/);
    expect(await ask(s.sentinels[0]!.port, ['PING'], { password: 'sn-s3cret' })).toBe('PONG');

    expect(await ask(s.primary.port, ['SET', 'k', 'v1'], { password: PASSWORD })).toBe('OK');
    await pollUntil('k replicated', 30_000, async () => ((await ask(s.replica.port, ['GET', 'k'], { password: PASSWORD })) === 'v1' ? null : 'not yet'));

    t = Date.now();
    await s.failover();
    console.log(`sentinel failover in ${Date.now() - t} ms`);
    for (const { port } of s.sentinels) {
      expect(await ask(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'], { password: 'sn-s3cret' })).toEqual(['127.0.0.1', String(s.replica.port)]);
    }
    expect(await s.currentPrimary()).toEqual({ host: '127.0.0.1', port: s.replica.port });
    expect(infoFields(await ask(s.replica.port, ['INFO', 'replication'], { password: PASSWORD })).role).toBe('master');
    const old = infoFields(await ask(s.primary.port, ['INFO', 'replication'], { password: PASSWORD }));
    expect([old.role, Number(old.master_port)]).toEqual(['slave', s.replica.port]);
    expect(await ask(s.replica.port, ['SET', 'k', 'v2'], { password: PASSWORD })).toBe('OK');

    // And back: the demoted primary is a replica the sentinels can promote again.
    t = Date.now();
    await s.failover();
    console.log(`sentinel failover back in ${Date.now() - t} ms`);
    expect(await s.currentPrimary()).toEqual({ host: '127.0.0.1', port: s.primary.port });
    expect(await ask(s.primary.port, ['GET', 'k'], { password: PASSWORD })).toBe('v2');
  });

  it('stop() leaves no process and no listening port behind', { timeout: SLOW }, async () => {
    const s = set!;
    const ports = [s.primary.port, s.replica.port, ...s.sentinels.map((x) => x.port)];
    await s.stop();
    await expectGone(ports);
  });
});
