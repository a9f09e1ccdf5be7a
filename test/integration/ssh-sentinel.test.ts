import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { forwardsByTunnel } from '../../electron/core/ssh/connector';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { ask } from '../helpers/redis-client';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';
import { runCli } from '../helpers/run-cli';
import { startSshd, type TestSshd } from '../helpers/sshd';

/**
 * A real Sentinel set (one primary, one replica, three sentinels) watched through a real sshd
 * (issue 19 with issue 16): the sentinels are asked, and subscribed to for +switch-master, over
 * the SSH connection; the primary they name and its replica are dialled from the SSH host's side.
 * The tunnel's record of the ends it forwarded to shows every one of them went through SSH.
 */
const SLOW = 240_000;
const PASSWORD = 'ssh-sentinel';

let sshd: TestSshd;
let set: TestSentinelSet;
let app: TestCore;
let id = '';
const samples: MetricSample[] = [];
const nextSample = (predicate: (s: MetricSample) => boolean, timeoutMs = 60_000) => app.next('metrics.sample', (s) => s.connectionId === id && predicate(s), timeoutMs);
const address = (port: number) => `127.0.0.1:${port}`;

beforeAll(async () => {
  ensureNodeBuilt();
  [sshd, set] = await Promise.all([startSshd(), startSentinelSet({ password: PASSWORD })]);
  for (let i = 0; i < 50; i++) await ask(set.primary.port, ['SET', `k:${i}`, 'v'], { password: PASSWORD });
  app = makeCore({});
  writeFileSync(path.join(app.dataDir, 'known_hosts'), sshd.knownHostsLine + '\n');
  app.core.on('metrics.sample', (s) => s.connectionId === id && samples.push(s));
}, SLOW);
afterAll(async () => {
  await app?.close();
  await Promise.all([set?.stop(), sshd?.stop()]);
});

describe('a Sentinel set through SSH (real sshd)', () => {
  it('cachescope stats --sentinel --ssh: the primary the sentinels name, with its replica', { timeout: SLOW }, async () => {
    const knownHosts = path.join(tempDir(), 'known_hosts');
    writeFileSync(knownHosts, sshd.knownHostsLine + '\n');
    const ssh = ['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.keyFile, '--ssh-known-hosts', knownHosts];
    const sentinels = set.sentinels.flatMap((s) => ['--sentinel', address(s.port)]);
    const r = await runCli(['stats', ...sentinels, '--master-name', set.masterName, ...ssh, '--count', '1', '--interval', '0.5', '--json'], {
      env: { REDISCLI_AUTH: PASSWORD },
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Unhandled|\[ioredis\]/);
    const line = JSON.parse(r.stdout.trim()) as { keys: number; nodes: { address: string; role: string; up: boolean }[] };
    expect(line.nodes.map((n) => [n.address, n.role, n.up])).toEqual([
      [address(set.primary.port), 'primary', true],
      [address(set.replica.port), 'replica', true],
    ]);
    expect(line.keys).toBe(50);
  });

  it('stats of the primary and its replica through the tunnel; SENTINEL FAILOVER while polling → switch-master, and polling goes on on the new primary', { timeout: SLOW }, async () => {
    const [first, ...others] = set.sentinels;
    const view = await app.call('profiles.save', {
      name: 'sentinel behind bastion',
      kind: 'sentinel',
      host: first!.host,
      port: first!.port,
      seeds: others.map((s) => ({ host: s.host, port: s.port })),
      sentinel: { masterName: set.masterName },
      password: PASSWORD,
      connectTimeoutMs: 10_000,
      ssh: { enabled: true, host: sshd.host, port: sshd.port, username: sshd.user, auth: 'key', keyFile: sshd.keyFile },
    });
    id = view.id;
    await app.call('connections.open', { id });
    const primary = address(set.primary.port);
    const replica = address(set.replica.port);
    const both = await nextSample((s) => s.nodes?.length === 2 && s.nodes.every((n) => n.up) && s.nodes[1]!.linkUp === true);
    // Named by their own addresses (as the sentinels announce them), not by the local forward.
    expect(both.nodes!.map((n) => [n.address, n.role])).toEqual([
      [primary, 'primary'],
      [replica, 'replica'],
    ]);
    expect(both.keys).toBe(50);
    // The sentinels, the primary and its replica: all over the one SSH connection.
    const tunnels = forwardsByTunnel();
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]).toEqual(expect.arrayContaining([primary, replica, ...set.sentinels.map((s) => address(s.port))]));

    await set.failover();
    const switched = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'switch-master'), 90_000);
    expect(switched.topology!.find((e) => e.kind === 'switch-master')).toMatchObject({
      address: replica,
      message: `The Sentinels moved the primary from ${primary} to ${replica} (switch-master).`,
    });
    const after = await nextSample((s) => samples.indexOf(s) > samples.indexOf(switched) && s.opsPerSec !== null && s.nodes?.[1]?.up === true && s.nodes[1].linkUp === true, 90_000);
    expect(after.nodes!.map((n) => [n.address, n.role])).toEqual([
      [replica, 'primary'],
      [primary, 'replica'],
    ]);
    expect(after.keys).toBe(50);
    // Keyed commands work after the switch, through the tunnel.
    const detail = await app.call('keys.lookup', { id, key: { utf8: 'k:7' } });
    expect(detail).toMatchObject({ exists: true, row: { type: 'string' } });
  });

  it('sshd killed under the watch: the state names SSH; once sshd is back the sentinels are asked again and both nodes are polled', { timeout: SLOW }, async () => {
    const sshDown = app.next('connection.state', (s) => s.id === id && s.code === 'SSH_UNREACHABLE', 60_000);
    await sshd.kill();
    const down = await sshDown;
    expect(down.status).not.toBe('ready');
    expect(down.reason).toMatch(/SSH host .* refused the connection/);
    await sshd.restart();
    const current = await set.currentPrimary();
    const back = await nextSample((s) => s.nodes?.length === 2 && s.nodes.every((n) => n.up) && s.opsPerSec !== null, 120_000);
    expect(back.nodes!.map((n) => [n.address, n.role])[0]).toEqual([address(current.port), 'primary']);
    expect(back.keys).toBe(50);
  });
});
