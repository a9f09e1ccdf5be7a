import type { MissesReport, TrafficSample } from '../../shared/contract';
import { ANALYSIS_DEPTH } from '../../shared/contract/limits';
import { formatInteger, formatPercent } from '../../shared/format';
import { describeAddress } from '../core/profile/profile';
import { displayBytes, fromWire } from '../core/keys/wire-bytes';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal, sleep } from './stop-signal';

export const usage = `Usage: cachescope misses [connection flags] [--seconds N] [--depth N] [--delimiter :] [--no-collapse-ids] [--sample] [--json] [--yes]

Watches the server's key events for N seconds and reports, per namespace, misses, expiries,
evictions, writes and deletes, and why each miss happened: cold (key not removed recently),
after expiry, after eviction, or after a delete by a client (with the delay since).

It needs notify-keyspace-events to include "Emxeg$" (key-event channels; misses, expired,
evicted, generic and string events). Letters already set are kept; where some are missing it
asks first: run with --yes to let it add them. The previous value is put back when the watch
ends (also after Ctrl-C); a value left by a run that was killed is put back at the next run.
Where CONFIG is refused it says which setting to ask an administrator for, and uses the events
as they are. On a cluster it subscribes on every primary.

  --seconds N        how long to watch, 1 to 86400 (default 10); Ctrl-C stops early
  --depth N          namespace depth, ${ANALYSIS_DEPTH.min} to ${ANALYSIS_DEPTH.max} (default 2), as in analyze
  --delimiter D      namespace separator (default ":")
  --no-collapse-ids  keep id-like segments literal (by default user:42: groups as "user:*:")
  --yes              allow the change to notify-keyspace-events
  --sample           also sample the traffic with MONITOR for the same seconds, at most 300 (on every primary;
                     it costs the server: every command is copied to Cachescope; refused where
                     MONITOR is denied): reads, hits and the hit rate per namespace, hot keys, the
                     command mix, and bookkeeping keys (read on every lookup and always found,
                     like GoMeet's cache:stats) with the hit rate without them. Values are never kept.
  --json             one object {seconds, totals {misses, expired, evicted, deleted, writes}, causes,
                     namespaces [{prefix, pattern, misses, expired, evicted, writes, deletes,
                     causes {cold, afterExpiry, afterEviction, afterDelete}, delays}], gaps,
                     complete, record, setting, advice}, and with --sample a "sample" object {seconds,
                     reads, misses, hitRate, namespaces [{prefix, reads, misses, hitRate}], hotKeys,
                     commands, bookkeeping [{key, reads, share, writes, hitRateWithout}]};
                     prefixes as in analyze --json

${CONNECTION_HELP}

A dropped subscription is reported as a gap (its events are lost; counts are then lower bounds).

Exit codes: 0 done, 1 the setting could not be put back, 2 bad usage or the change was not
allowed (--yes), 3 cannot connect, 4 the ACL user may not run CONFIG SET or PSUBSCRIBE.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  seconds: { type: 'string' },
  depth: { type: 'string' },
  delimiter: { type: 'string' },
  'no-collapse-ids': { type: 'boolean' },
  yes: { type: 'boolean' },
  sample: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const show = (r: MissesReport['namespaces'][number]) => (displayBytes(fromWire(r.prefix)) || '(no namespace)') + (r.pattern ? '' : '*');

function humanReport(r: MissesReport, where: string): string {
  const lines: string[] = [];
  const t = r.totals;
  const perSec = (n: number) => (r.seconds > 0 ? (n / r.seconds).toFixed(1) : '0');
  lines.push(`${where} db ${r.db}: watched ${r.seconds.toFixed(1)} s: ${formatInteger(t.misses)} misses (${perSec(t.misses)}/s), ${formatInteger(t.expired)} expired, ${formatInteger(t.evicted)} evicted, ${formatInteger(t.deleted)} deleted, ${formatInteger(t.writes)} writes`);
  const c = r.causes;
  lines.push(`miss causes: ${formatInteger(c.cold)} cold, ${formatInteger(c.afterExpiry)} after expiry, ${formatInteger(c.afterEviction)} after eviction, ${formatInteger(c.afterDelete)} after a delete`);
  if (!r.complete) lines.push(`INCOMPLETE: events were lost while a subscription was down (${r.gaps.map((g) => `${g.node} ${(((g.to ?? Date.now()) - g.from) / 1000).toFixed(1)} s`).join(', ')}): counts are lower bounds.`);
  lines.push('');
  const head = ['namespace', 'misses', '/s', 'cold', 'expiry', 'eviction', 'delete', 'expired', 'evicted', 'writes', 'deletes'];
  const rows = r.namespaces.slice(0, 40).map((n) => [show(n), n.misses, perSec(n.misses), n.causes.cold, n.causes.afterExpiry, n.causes.afterEviction, n.causes.afterDelete, n.expired, n.evicted, n.writes, n.deletes].map((v) => (typeof v === 'number' ? formatInteger(v) : v)));
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const fmt = (row: string[]) => row.map((v, i) => (i === 0 ? v.slice(0, 60).padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  lines.push(fmt(head), ...rows.map(fmt));
  if (r.namespaces.length > 40 || r.namespacesOmitted > 0) lines.push(`… ${r.namespaces.length - 40 + r.namespacesOmitted} more namespaces (use --json)`);
  if (r.advice.length > 0) lines.push('', ...r.advice);
  const window = r.record.windowSec === null ? 'every removal since the watch started' : `the last ${r.record.windowSec.toFixed(0)} s of removals`;
  lines.push('', `Causes come from a record of the last ${formatInteger(r.record.capacity)} removed keys (${(r.record.bytes / 1e6).toFixed(0)} MB); it holds ${window}: a miss of a key removed earlier counts as cold.`);
  return lines.join('\n');
}

function humanSample(s: TrafficSample): string {
  const lines = [`Traffic sample (MONITOR, ${s.seconds.toFixed(1)} s): ${formatInteger(s.reads)} reads, ${formatInteger(s.misses)} misses, hit rate ${formatPercent(s.hitRate)}; ${formatInteger(s.ownExcluded)} of Cachescope's own commands left out`];
  for (const b of s.bookkeeping)
    lines.push(`"${displayBytes(fromWire(b.key))}": ${formatPercent(b.share, 0)} of lookups, written ${formatInteger(b.writes)} times: bookkeeping, not cached data? Without it the hit rate is ${formatPercent(b.hitRateWithout)}.`);
  lines.push('', 'namespace'.padEnd(40) + 'reads'.padStart(10) + 'misses'.padStart(10) + 'hit rate'.padStart(10));
  for (const n of s.namespaces.slice(0, 30)) lines.push((displayBytes(fromWire(n.prefix)) || '(no namespace)').slice(0, 40).padEnd(40) + formatInteger(n.reads).padStart(10) + formatInteger(n.misses).padStart(10) + formatPercent(n.hitRate).padStart(10));
  lines.push('', `commands: ${s.commands.slice(0, 10).map((c) => `${c.name} ${formatInteger(c.count)}`).join(', ')}`);
  return lines.join('\n');
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const seconds = intFlag('seconds', values.seconds, 1, 86_400) ?? 10;
  const depth = intFlag('depth', values.depth, ANALYSIS_DEPTH.min, ANALYSIS_DEPTH.max) ?? 2;
  const delimiter = values.delimiter ?? ':';
  if (delimiter.length === 0 || delimiter.length > 8) throw new UsageError('--delimiter must be 1 to 8 characters');
  // MONITOR copies every command to Cachescope: a sample is time-boxed.
  if (values.sample && seconds > 300) throw new UsageError('--sample watches at most 300 seconds: lower --seconds');
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const core = await openCliCore(profile, ctx);
  const stop = onStopSignal();
  try {
    let plan = await core.call('misses.plan', { id: core.id });
    if (plan.leftovers.length > 0) {
      const { restored } = await core.call('misses.restoreLeftover', { id: core.id });
      for (const l of restored) ctx.stderr.write(`Put notify-keyspace-events on ${l.address} back to "${l.previous}": an earlier run that did not stop had left "${l.set}".\n`);
      plan = await core.call('misses.plan', { id: core.id });
    }
    if (!plan.permitted && plan.ask) ctx.stderr.write(`Note: ${plan.ask}\n`);
    if (plan.change && values.yes !== true) {
      const changes = plan.nodes.filter((n) => n.proposed !== null).map((n) => `${n.address}: "${n.current}" -> "${n.proposed}"`);
      throw new CliError(EXIT.USAGE, `Watching misses changes notify-keyspace-events (${changes.join(', ')}), put back when it ends. ${plan.cost} Run again with --yes to allow it.`);
    }
    await core.call('misses.start', { id: core.id, consent: values.yes === true, depth, delimiter, collapseIds: values['no-collapse-ids'] !== true });
    ctx.stderr.write(`Watching key events${values.sample ? ' and sampling the traffic' : ''} for ${seconds} s (Ctrl-C stops early)…\n`);
    let sample: TrafficSample | null = null;
    if (values.sample) {
      const early = () => void core.call('misses.sample.stop', { id: core.id });
      stop.signal.addEventListener('abort', early, { once: true });
      try {
        sample = await core.call('misses.sample', { id: core.id, seconds });
      } finally {
        stop.signal.removeEventListener('abort', early);
      }
    } else await sleep(seconds * 1000, stop.signal);
    const report = await core.call('misses.stop', { id: core.id });
    if (!report) throw new CliError(EXIT.FAILURE, 'The watch ended before its report was read.');
    ctx.stdout.write(values.json ? `${JSON.stringify(sample ? { ...report, sample } : report)}\n` : `${humanReport(report, describeAddress(profile))}\n${sample ? `\n${humanSample(sample)}\n` : ''}`);
    if (report.setting.note) ctx.stderr.write(`Note: ${report.setting.note}\n`);
    if (report.setting.restored === false) return EXIT.FAILURE;
    return EXIT.OK;
  } finally {
    stop.dispose();
    await core.close();
  }
}
