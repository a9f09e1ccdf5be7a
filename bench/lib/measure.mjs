/**
 * What the server went through while one piece of work ran: its CPU (Δ used_cpu_sys +
 * used_cpu_user, minus the idle rate measured beforehand), the commands it ran (Δ commandstats),
 * its slowest single call (SLOWLOG, every call ≥ 1 ms is logged) and `redis-cli --latency`
 * sampled alongside.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { startLatency } from './latency.mjs';
import { commandDelta } from './redis.mjs';
import { round } from './stats.mjs';

/** The machine's CPU time counters (/proc/stat, all cores), or null off Linux. */
function cpuTimes() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/**
 * Share of the machine's CPU time the hypervisor gave to other guests (steal) between two
 * readings, in %. On a shared VM a stolen slice stops the server mid-call, and SLOWLOG's
 * wall-clock times include it: the figure says when timings were disturbed from outside.
 */
export function stealPct(t0, t1) {
  if (!t0 || !t1 || t1.total === t0.total) return null;
  return round(((t1.steal - t0.steal) / (t1.total - t0.total)) * 100, 1);
}

/**
 * The duration `q` of the calls stay within, from SLOWLOG's calls ≥ 1 ms (`durationsUs`, longest
 * first) and how many calls there were: 0 = under 1 ms; null when the slowlog overflowed. A max
 * is decided by one preempted call; this says what the calls themselves take.
 */
export function quantileCallUs(durationsUs, calls, complete, q) {
  if (!complete || !calls) return null;
  return durationsUs[Math.floor(calls * (1 - q))] ?? 0;
}

/** p99 of all calls, and of each command called at least 100 times. */
function callP99(slow, commands) {
  const all = Object.values(commands).reduce((n, c) => n + c.calls, 0);
  const out = { all: quantileCallUs(slow.durationsUs, all, slow.complete, 0.99) };
  for (const [name, c] of Object.entries(commands)) if (c.calls >= 100) out[name] = quantileCallUs(slow.byCommand[name] ?? [], c.calls, slow.complete, 0.99);
  return out;
}

/** `latency: false` leaves the `redis-cli --latency` probe out (one process less on the cores). */
export async function observe(redis, idleCpuPerSec, work, { latency: probe = true } = {}) {
  await redis.resetWatch();
  const times0 = cpuTimes();
  const latency = probe ? startLatency(redis.port, redis.cpus) : null;
  await latency?.ready();
  const stats0 = await redis.commandStats();
  const cpu0 = await redis.cpu();
  const t0 = performance.now();
  let value;
  let error = null;
  try {
    value = await work();
  } catch (e) {
    error = e;
  }
  const t1 = performance.now();
  const times1 = cpuTimes();
  const cpu1 = await redis.cpu();
  const lat = latency ? await latency.end() : null;
  if (error) throw error;
  const stats1 = await redis.commandStats();
  const slow = await redis.slowest();
  const commands = commandDelta(stats0, stats1);
  delete commands.info;
  delete commands.commandstats;
  const seconds = (t1 - t0) / 1000;
  const cpu = cpu1 - cpu0;
  return {
    value,
    server: {
      wallMs: round(t1 - t0, 1),
      cpuS: round(cpu, 4),
      cpuNetS: round(Math.max(0, cpu - idleCpuPerSec * seconds), 4),
      slowestCallUs: slow.maxUs,
      slowestCommand: slow.command,
      p99CallUs: callP99(slow, commands),
      callsOver1ms: slow.over1ms,
      latencyMonitorMaxMs: slow.latencyMonitorMaxMs,
      latency: lat,
      commands,
      load1: round(os.loadavg()[0], 2),
      stealPct: stealPct(times0, times1),
    },
  };
}

/** Server CPU per second of doing nothing (serverCron, active expiry of the TTL'd keys). */
export async function idleCpuRate(redis, ms) {
  const c0 = await redis.cpu();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const c1 = await redis.cpu();
  return (c1 - c0) / ((performance.now() - t0) / 1000);
}

/** redis-cli --latency with nothing else running, for `ms`. */
export async function idleLatency(redis, ms) {
  const latency = startLatency(redis.port, redis.cpus);
  await latency.ready();
  await new Promise((r) => setTimeout(r, ms));
  return latency.end();
}
