import type Redis from 'ioredis';
import type { CommandMixData, CommandMixRow, ErrorStatRow } from '../../../shared/contract';
import { parseInfo, parseKvList } from '../metrics/info-parser';
import { commandKind, hurtsCache, sentByCachescope } from './command-kinds';

export interface CommandCounters {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/** What one read of a node saw, kept to subtract from the next. */
export interface MixSnapshot {
  /** ms, from the core's own clock (performance.now). */
  at: number;
  commands: Map<string, CommandCounters>;
  errors: Map<string, number>;
  /** Whether the server counts rejected/failed calls (6.2+). */
  countsFailures: boolean;
}

const n = (v: string | undefined) => (v === undefined ? 0 : Number(v) || 0);

/** INFO commandstats + errorstats text → counters. */
export function snapshotOf(commandstats: string, errorstats: string, at: number): MixSnapshot {
  const commands = new Map<string, CommandCounters>();
  let countsFailures = false;
  for (const [key, value] of Object.entries(parseInfo(commandstats).fields)) {
    if (!key.startsWith('cmdstat_')) continue;
    const kv = parseKvList(value);
    if ('failed_calls' in kv) countsFailures = true;
    commands.set(key.slice('cmdstat_'.length).toLowerCase(), { calls: n(kv['calls']), usec: n(kv['usec']), rejected: n(kv['rejected_calls']), failed: n(kv['failed_calls']) });
  }
  const errors = new Map<string, number>();
  for (const [key, value] of Object.entries(parseInfo(errorstats).fields)) {
    if (key.startsWith('errorstat_')) errors.set(key.slice('errorstat_'.length), n(parseKvList(value)['count']));
  }
  return { at, commands, errors, countsFailures };
}

/** A counter that went down (restart, CONFIG RESETSTAT) starts a new baseline. */
function wasReset(prev: MixSnapshot, now: MixSnapshot): boolean {
  for (const [name, c] of prev.commands) {
    const after = now.commands.get(name);
    if (!after || after.calls < c.calls) return true;
  }
  return false;
}

/** The mix of `now`, as rates over the interval since `prev` (null: the first read, or after a reset). */
export function commandMix(now: MixSnapshot, prev: MixSnapshot | null): CommandMixData {
  const base = prev && !wasReset(prev, now) && now.at > prev.at ? prev : null;
  const sec = base ? (now.at - base.at) / 1000 : null;
  const rows: CommandMixRow[] = [];
  let reads = 0;
  let writes = 0;
  for (const [command, c] of now.commands) {
    const p = base?.commands.get(command) ?? { calls: 0, usec: 0, rejected: 0, failed: 0 };
    const dCalls = c.calls - p.calls;
    const rate = (d: number) => (sec === null ? null : d / sec);
    const usecPerCall = sec === null ? (c.calls > 0 ? c.usec / c.calls : null) : dCalls > 0 ? (c.usec - p.usec) / dCalls : null;
    const kind = commandKind(command);
    const counted = sec === null ? c.calls : dCalls;
    if (kind === 'read') reads += counted;
    if (kind === 'write') writes += counted;
    const flag = hurtsCache(command, usecPerCall);
    rows.push({
      command,
      kind,
      calls: c.calls,
      usec: c.usec,
      rejectedCalls: c.rejected,
      failedCalls: c.failed,
      callsPerSec: rate(dCalls),
      usecPerCall,
      rejectedPerSec: rate(c.rejected - p.rejected),
      failedPerSec: rate(c.failed - p.failed),
      ...(flag ? { flag } : {}),
      ...(sentByCachescope(command) ? { alsoCachescope: true as const } : {}),
    });
  }
  rows.sort((a, b) => (b.callsPerSec ?? 0) - (a.callsPerSec ?? 0) || b.calls - a.calls || a.command.localeCompare(b.command));
  const errors: ErrorStatRow[] = [...now.errors].map(([error, count]) => ({ error, count, delta: base ? count - (base.errors.get(error) ?? 0) : null }));
  errors.sort((a, b) => (b.delta ?? 0) - (a.delta ?? 0) || b.count - a.count);
  return {
    intervalSec: sec,
    commands: rows,
    readsPerSec: sec === null ? null : reads / sec,
    writesPerSec: sec === null ? null : writes / sec,
    readShare: reads + writes > 0 ? reads / (reads + writes) : null,
    errors,
    ...(now.countsFailures ? {} : { errorsNote: 'This server (before Redis 6.2) counts no rejected or failed calls and no errors per kind.' }),
  };
}

/** INFO commandstats and errorstats of one node, one pipeline. Refusals throw (see panelRead). */
export async function readMixSnapshot(client: Redis, at: () => number): Promise<MixSnapshot> {
  const replies = (await client.pipeline().info('commandstats').info('errorstats').exec()) ?? [];
  for (const [err] of replies) if (err) throw err;
  return snapshotOf(String(replies[0]?.[1] ?? ''), String(replies[1]?.[1] ?? ''), at());
}
