/**
 * Through an SSH tunnel vs direct (issue 19), on the benchmark's server: a private sshd on
 * loopback (bench/lib/sshd.mjs) forwards to it, so the tunnel's cost is measured without a
 * network in the way. Per run, alternating direct and SSH so a drift in load hits both:
 *   poll:     round trip of the core's Poller (PING + INFO all), client CPU per poll;
 *   analysis: keys/s of a full analysis, client CPU, and sshd's CPU (its /proc stat, the
 *             per-connection process included once reaped).
 * The tunnel's CPU per 1M keys analysed = (client CPU through SSH − client CPU direct) + sshd's.
 * Each measurement is a worker process (bench/workers/ssh.mjs); sshd's figure includes one key
 * exchange and login per run (a few ms).
 */
import path from 'node:path';
import { worker } from '../lib/proc.mjs';
import { startSshd } from '../lib/sshd.mjs';
import { median, round, summarize } from '../lib/stats.mjs';

async function measure(ctx, sshd, opts) {
  const w = worker(process.execPath, [path.join(ctx.root, 'bench', 'workers', 'ssh.mjs'), JSON.stringify({ port: ctx.redis.port, ...opts })], { cwd: ctx.root });
  await w.next('ready');
  const sshd0 = sshd.cpuSeconds();
  w.send({ cmd: 'go' });
  const r = await w.next('result');
  await w.done();
  // The per-connection sshd's time reaches the listener's cutime/cstime once it is reaped.
  const reaped = await sshd.sessionsGone();
  return { ...r, sshdCpuMs: opts.ssh ? (sshd.cpuSeconds() - sshd0) * 1000 : null, sshdReaped: reaped };
}

export async function sshSuite(ctx) {
  const sshd = await startSshd(path.join(ctx.tmp, 'sshd'));
  const ssh = { host: sshd.host, port: sshd.port, username: sshd.username, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile };
  const polls = ctx.quick ? 100 : 300;
  const runs = { pollDirect: [], pollSsh: [], analysisDirect: [], analysisSsh: [] };
  try {
    for (let i = 0; i < ctx.runs; i++) {
      for (const via of ['direct', 'ssh']) {
        const p = await measure(ctx, sshd, { mode: 'poll', polls, ...(via === 'ssh' ? { ssh } : {}) });
        const wall = summarize(p.each);
        const poll = { polls, medianMs: round(wall.median, 3), minMs: round(wall.min, 3), maxMs: round(wall.max, 3), clientCpuUsPerPoll: round((p.clientCpuMs * 1000) / polls, 1), sshdCpuUsPerPoll: p.sshdCpuMs === null ? null : round((p.sshdCpuMs * 1000) / polls, 1) };
        ctx.log(`ssh poll ${via} run ${i + 1}: median ${poll.medianMs} ms, client CPU ${poll.clientCpuUsPerPoll} µs/poll${via === 'ssh' ? `, sshd ${poll.sshdCpuUsPerPoll} µs/poll` : ''}`);
        runs[via === 'ssh' ? 'pollSsh' : 'pollDirect'].push(poll);
      }
      for (const via of ['direct', 'ssh']) {
        const a = await measure(ctx, sshd, { mode: 'analysis', ...(via === 'ssh' ? { ssh } : {}) });
        if (a.state !== 'done') throw new Error(`analysis ${via} ended ${a.state}`);
        const analysis = { keys: a.keys, ms: round(a.ms, 1), keysPerSec: Math.round(a.keys / (a.ms / 1000)), clientCpuMs: round(a.clientCpuMs, 1), sshdCpuMs: a.sshdCpuMs === null ? null : round(a.sshdCpuMs, 1), sshdReaped: a.sshdReaped };
        ctx.log(`ssh analysis ${via} run ${i + 1}: ${a.keys} keys in ${analysis.ms} ms = ${analysis.keysPerSec} keys/s; client CPU ${analysis.clientCpuMs} ms${via === 'ssh' ? `, sshd ${analysis.sshdCpuMs} ms` : ''}`);
        runs[via === 'ssh' ? 'analysisSsh' : 'analysisDirect'].push(analysis);
      }
    }
  } finally {
    await sshd.stop();
  }
  // Paired by run: the extra client CPU of run i through SSH over run i direct, plus sshd's.
  const perMKeys = runs.analysisSsh.map((s, i) => {
    const d = runs.analysisDirect[i];
    const extraClient = s.clientCpuMs - d.clientCpuMs;
    return { clientExtraS: round(extraClient / 1000 / (s.keys / 1e6), 2), sshdS: round(s.sshdCpuMs / 1000 / (s.keys / 1e6), 2), totalS: round((extraClient + s.sshdCpuMs) / 1000 / (s.keys / 1e6), 2) };
  });
  ctx.log(`ssh: tunnel CPU per 1M keys analysed ${perMKeys.map((p) => `${p.totalS} s (client +${p.clientExtraS}, sshd ${p.sshdS})`).join('; ')}`);
  return {
    ...runs,
    tunnelCpuPerMKeys: perMKeys,
    keys: median(runs.analysisSsh.map((r) => r.keys)),
  };
}
