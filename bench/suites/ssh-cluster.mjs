/**
 * Analysis of a 3-primary Redis Cluster through SSH vs direct (issue 19 with issue 16): its own
 * cluster (bench/lib/cluster.mjs, no replicas) holding a copy of N seeded keys, and a private
 * sshd on loopback (bench/lib/sshd.mjs). Each run, alternating which goes first:
 *   `cachescope analyze --json --url <one cluster node>` direct, and the same with
 *   `--ssh … --ssh-key … --ssh-known-hosts …` (every primary reached over the one SSH
 *   connection): wall time, keys/s, the CLI's CPU, and sshd's CPU (its /proc stat, the
 *   per-connection process included once reaped).
 * The tunnel's CPU per 1M keys = (CLI CPU through SSH − CLI CPU direct) + sshd's, paired by run.
 * Not pinned: the three primaries, sshd and the CLI share this machine's two cores.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchCluster } from '../lib/cluster.mjs';
import { BenchRedis } from '../lib/redis.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { startSshd } from '../lib/sshd.mjs';
import { median, round } from '../lib/stats.mjs';
import { runTimed } from '../lib/timed.mjs';

async function analyze(ctx, url, sshd, extra) {
  const sshd0 = sshd.cpuSeconds();
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'analyze', '--url', url, '--json', ...extra];
  const r = await runTimed(process.execPath, args, { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } });
  if (r.code !== 0) throw new Error(`cachescope analyze ${extra.length ? 'through SSH ' : ''}failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const reaped = await sshd.sessionsGone();
  const report = JSON.parse(r.stdout);
  const keys = report.totals.keys;
  return {
    keys,
    nodes: report.nodes,
    ms: round(r.ms, 1),
    keysPerSec: Math.round(keys / (r.ms / 1000)),
    clientCpuS: r.cpuS,
    sshdCpuS: extra.length ? round(sshd.cpuSeconds() - sshd0, 2) : null,
    sshdReaped: reaped,
    load1: round(os.loadavg()[0], 2),
  };
}

export async function sshClusterSuite(ctx) {
  const dir = path.join(ctx.tmp, 'ssh-cluster');
  mkdirSync(path.join(dir, 'standalone'), { recursive: true });
  const standalone = new BenchRedis(path.join(dir, 'standalone'));
  const cluster = new BenchCluster(dir, 3);
  let sshd = null;
  try {
    await standalone.start();
    const seeded = await seedDataset({ ...ctx, redis: standalone });
    await cluster.start();
    const copy = await cluster.copyFrom(standalone);
    await standalone.stop();
    sshd = await startSshd(path.join(dir, 'sshd'));
    const viaSsh = ['--ssh', `${sshd.username}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.keyFile, '--ssh-known-hosts', sshd.knownHostsFile];
    ctx.log(`ssh-cluster: 3 primaries on ${cluster.nodes.map((n) => n.port).join(', ')} with ${copy.keys} keys; sshd on ${sshd.port}`);
    const runs = { direct: [], ssh: [] };
    for (let i = 0; i < ctx.runs; i++) {
      const order = i % 2 === 0 ? ['direct', 'ssh'] : ['ssh', 'direct'];
      for (const via of order) {
        const r = await analyze(ctx, cluster.seedUrl, sshd, via === 'ssh' ? viaSsh : []);
        r.run = i + 1;
        runs[via].push(r);
        ctx.log(`ssh-cluster ${via} run ${i + 1}: ${r.keys} keys over ${r.nodes} primaries in ${r.ms} ms = ${r.keysPerSec} keys/s; CLI CPU ${r.clientCpuS} s${via === 'ssh' ? `, sshd ${r.sshdCpuS} s` : ''}; load ${r.load1}`);
      }
    }
    const perMKeys = runs.ssh.map((s, i) => {
      const d = runs.direct[i];
      const extra = s.clientCpuS - d.clientCpuS;
      return { clientExtraS: round(extra / (s.keys / 1e6), 2), sshdS: round(s.sshdCpuS / (s.keys / 1e6), 2), totalS: round((extra + s.sshdCpuS) / (s.keys / 1e6), 2) };
    });
    ctx.log(`ssh-cluster: tunnel CPU per 1M keys analysed ${perMKeys.map((p) => `${p.totalS} s (client +${p.clientExtraS}, sshd ${p.sshdS})`).join('; ')}`);
    return {
      primaries: 3,
      seeded,
      copy,
      runs,
      tunnelCpuPerMKeys: perMKeys,
      keysPerSec: { direct: median(runs.direct.map((r) => r.keysPerSec)), ssh: median(runs.ssh.map((r) => r.keysPerSec)) },
    };
  } finally {
    await sshd?.stop();
    await cluster.stop();
    await standalone.stop().catch(() => undefined);
  }
}
