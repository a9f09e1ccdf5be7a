import { readFileSync } from 'node:fs';
import { EXPORT_TABLES, TtlRulesSchema, type AnalysisReport, type ExportTable, type TtlRule, type WireBytes } from '../../shared/contract';
import { formatBytes, formatCompact, formatDuration, formatInteger } from '../../shared/format';
import { ANALYSIS_DEPTH, SCAN_THROTTLE } from '../../shared/contract/limits';
import { describeAddress } from '../core/profile/profile';
import { displayBytes, fromWire } from '../core/keys/wire-bytes';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { CoreFailure } from './envelope-error';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';
import { sinceStart, trace } from './trace';

/** A SCAN page or its metadata script takes milliseconds: this long without an answer is a stall. */
const COMMAND_TIMEOUT_MS = 10_000;

export const usage = `Usage: cachescope analyze [connection flags] [--match GLOB] [--delimiter :] [--depth N] [--no-collapse-ids] [--from-replicas] [--ttl-rules FILE] [--json | --csv TABLE]

Scans the selected db with SCAN (never KEYS) and reports, per namespace, key count, memory
(MEMORY USAGE), types, TTL distribution and keys without TTL, plus the 50 largest keys.
One Lua call per SCAN page reads TYPE/PTTL/MEMORY USAGE; where scripting is denied it falls
back to pipelines (the report's "path" says which ran). On a cluster it reads every primary,
up to three at once.

  --match GLOB       only keys matching GLOB (SCAN MATCH syntax)
  --delimiter D      namespace separator (default ":")
  --depth N          namespace depth, ${ANALYSIS_DEPTH.min} to ${ANALYSIS_DEPTH.max} (default 2): user:42:profile -> "user:*:" at 2
  --no-collapse-ids  keep id-like segments literal (user:42:profile -> "user:42:" at 2). By default
                     segments that look like ids (all digits, UUIDs, 16+ hex digits, 12+ chars of
                     [A-Za-z0-9_-] with a digit, IPv4 addresses) become "*" and the namespace is a
                     SCAN MATCH glob (marked "pattern": true in --json, "(pattern)" in the table)
  --fold PREFIX      an app prefix (e.g. skillup:) that does not count as a level
                     (default: REDIS_KEY_PREFIX when the environment names the server; '' = none)
  --throttle N       at most N commands per second (each TYPE/PTTL/MEMORY counts), ${SCAN_THROTTLE.min} to
                     ${SCAN_THROTTLE.max}, for production
  --no-memory        skip MEMORY USAGE (faster; bytes are then 0)
  --pipeline         do not use the Lua script
  --from-replicas    read each primary's replica instead (cluster, sentinel), so the primaries'
                     keyspace hits and CPU are left alone; a primary without a replica is read
                     itself, and the run says so
  --json             the report as JSON: totals {keys, bytes, noTtl}, namespaces [{prefix, keys,
                     bytes, noTtl, types, ttlBuckets}], topKeys, serverReads {hits, misses} (the
                     keyspace hits/misses this run added to the server's INFO counters).
                     Prefixes and keys are {"utf8": …} or, for bytes that are not UTF-8, {"base64": …}.
  --csv TABLE        one table of the report as CSV, exactly the file the app's export writes:
                     ${EXPORT_TABLES.join('|')}. RFC 4180 with CRLF line ends; a text cell
                     starting with = + - @ (a key named =HYPERLINK(…)) gets a leading ' so a
                     spreadsheet shows it instead of running it. Keys that are not UTF-8 are base64,
                     said in the *_encoding column.
  --ttl-rules FILE   a JSON array of TTL rules [{"pattern": "user:*", "maxTtlSec": 1800,
                     "requireTtl": true}, …] (first match applies), as saved in the app: keys
                     breaking them are the report's ttlViolations (the violations table)

${CONNECTION_HELP}

A command unanswered for ${COMMAND_TIMEOUT_MS / 1000} s (a paused, busy or frozen server) stops the scan. A server
that restarts during the scan is said so, with own reads per server lifetime ("restarted" in --json).

Exit codes: 0 done, 1 scan failed or stopped with Ctrl-C, 2 bad usage, 3 cannot connect, connection
lost or the server stopped answering, 4 the ACL user may not run a command the scan needs (SCAN…).`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  match: { type: 'string' },
  delimiter: { type: 'string' },
  depth: { type: 'string' },
  'no-collapse-ids': { type: 'boolean' },
  fold: { type: 'string' },
  throttle: { type: 'string' },
  'no-memory': { type: 'boolean' },
  pipeline: { type: 'boolean' },
  'from-replicas': { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  'ttl-rules': { type: 'string' },
} as const;

function csvTable(text: string | undefined): ExportTable | null {
  if (text === undefined) return null;
  const table = EXPORT_TABLES.find((t) => t === text);
  if (!table) throw new UsageError(`--csv must be one of ${EXPORT_TABLES.join(', ')}, got "${text}"`);
  return table;
}

/** The rules file, checked by the same schema the app's settings are. */
function ttlRules(file: string | undefined): TtlRule[] {
  if (file === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--ttl-rules ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = TtlRulesSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(`--ttl-rules ${file}: not a list of TTL rules${at}: ${issue.message}`);
  }
  return parsed.data;
}

const show = (w: WireBytes) => displayBytes(fromWire(w));

function humanReport(r: AnalysisReport, where: string): string {
  const lines: string[] = [];
  const t = r.totals;
  lines.push(
    `${where} db ${r.db}: ${formatInteger(t.keys)} keys${r.match ? ` matching ${show(r.match)}` : ''}, ${formatBytes(t.bytes)}${t.bytesEstimated ? ' (some sizes estimated)' : ''}, ${formatInteger(t.noTtl)} without TTL`,
  );
  lines.push(`scanned in ${formatDuration(r.durationMs / 1000)} via ${r.path ?? 'n/a'}; DBSIZE at start ${formatInteger(r.dbsize)}; own reads ${r.serverReads.hits} hits, ${r.serverReads.misses} misses`);
  if (r.restarted) {
    const { readsBefore: b, readsAfter: a } = r.restarted;
    lines.push(
      `The server restarted during the scan (run_id ${r.restarted.runIdBefore.slice(0, 8)}… → ${r.restarted.runIdAfter.slice(0, 8)}…): own reads ${b.hits} hits, ${b.misses} misses before the restart (those counters are gone), ${a.hits} hits, ${a.misses} misses since.`,
    );
  }
  if (!r.complete) lines.push('PARTIAL: the scan did not finish; figures cover the keys scanned so far.');
  lines.push('');
  const rows = r.namespaces.slice(0, 40).map((n) => [(show(n.prefix) || '(no namespace)') + (n.pattern ? ' (pattern)' : ''), formatInteger(n.keys), formatBytes(n.bytes), formatInteger(n.noTtl), Object.entries(n.types).map(([k, v]) => `${k} ${formatCompact(v)}`).join(', ')]);
  const head = ['namespace', 'keys', 'memory', 'no TTL', 'types'];
  const widths = head.map((h, c) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[c]!.length))));
  const fmt = (row: string[]) => row.map((v, c) => (c === 0 || c === 4 ? v.slice(0, 60).padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd();
  lines.push(fmt(head), ...rows.map(fmt));
  if (r.namespaces.length > 40) lines.push(`… ${r.namespaces.length - 40 + r.namespacesOmitted} more namespaces (use --json for all)`);
  if (r.topKeys.length > 0) {
    lines.push('', 'Largest keys:');
    for (const k of r.topKeys.slice(0, 10)) lines.push(`  ${formatBytes(k.bytes).padStart(10)}${k.bytesEstimated ? '~' : ' '} ${k.type.padEnd(6)} ${show(k.key).slice(0, 100)}`);
  }
  return lines.join('\n');
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const depth = intFlag('depth', values.depth, ANALYSIS_DEPTH.min, ANALYSIS_DEPTH.max) ?? 2;
  const throttle = intFlag('throttle', values.throttle, SCAN_THROTTLE.min, SCAN_THROTTLE.max) ?? null;
  const delimiter = values.delimiter ?? ':';
  if (delimiter.length === 0 || delimiter.length > 8) throw new UsageError('--delimiter must be 1 to 8 characters');
  if (values.match !== undefined && values.match.length === 0) throw new UsageError('--match must not be empty');
  const table = csvTable(values.csv);
  if (table && values.json) throw new UsageError('--csv and --json cannot be used together');
  const rules = ttlRules(values['ttl-rules']);
  const { profile, warnings, source } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  // The app's key prefix folds by default when the environment also names the server (its app's Redis); --fold '' folds nothing.
  const fold = values.fold ?? (source !== 'flags' ? ctx.env.REDIS_KEY_PREFIX : undefined);

  // A frozen or paused server would otherwise keep the scan waiting in silence.
  const core = await openCliCore(profile, ctx, {}, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
  trace('connected');
  const stop = onStopSignal();
  const cancel = () => void core.api.invoke('keys.scan.cancel', { id: core.id });
  stop.signal.addEventListener('abort', cancel, { once: true });
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true;
  // Progress only for a terminal: no listener, no copies of the ticks.
  const off = tty
    ? core.api.on('scan.progress', (s) => {
        if (s.connectionId !== core.id || s.state !== 'running') return;
        const pct = s.fraction === null ? '' : ` (${Math.round(s.fraction * 100)} %)`;
        ctx.stderr.write(`\rscanned ${formatCompact(s.scanned)} of ${formatCompact(s.total)}${pct}, ${formatCompact(s.keysPerSec)} keys/s, ETA ${formatDuration(s.etaSec)}   `);
      })
    : () => undefined;
  try {
    const { report, state, pathReason, notes } = await core
      .call('analysis.direct', {
        id: core.id,
        ...(values.match !== undefined ? { match: { utf8: values.match } } : {}),
        delimiter,
        depth,
        collapseIds: values['no-collapse-ids'] !== true,
        fold: fold ? { utf8: fold } : null,
        ttlRules: rules,
        withMemory: values['no-memory'] !== true,
        ...(throttle !== null ? { throttle } : {}),
        path: values.pipeline ? 'pipeline' : 'auto',
        fromReplicas: values['from-replicas'] === true,
      })
      .catch((e: unknown) => {
        // A stall or an ACL refusal has its own words and exit code; anything else is a failed scan.
        if (e instanceof CoreFailure && (e.code === 'SLOW' || e.code === 'NO_PERMISSION')) throw new CliError(e.exitCode, `The scan stopped: ${e.message}`);
        throw e;
      })
      .finally(() => {
        if (tty) ctx.stderr.write('\r\x1b[K');
      });
    trace('scan started', sinceStart(report.startedAt));
    trace('scan finished', sinceStart(report.finishedAt));
    trace('report received');
    // The CSV is the app's export file, from the same command the UI's Export button calls.
    const out = table ? (await core.call('analysis.export', { id: core.id, format: 'csv', table })).content : `${values.json ? JSON.stringify(report) : humanReport(report, describeAddress(profile))}\n`;
    trace('output formatted');
    ctx.stdout.write(out);
    if (state === 'cancelled') {
      ctx.stderr.write('Stopped: the report covers the keys scanned so far.\n');
      return EXIT.FAILURE;
    }
    if (pathReason && !values.json && !table) ctx.stderr.write(`Note: ran on pipelines because ${pathReason}.\n`);
    if (notes) ctx.stderr.write(`Note: ${notes}\n`);
    return EXIT.OK;
  } finally {
    off();
    stop.signal.removeEventListener('abort', cancel);
    stop.dispose();
    await core.close();
    trace('closed');
  }
}
