import path from 'node:path';
import type { ActionTarget, ServerReads, WireBytes } from '../../shared/contract';
import { formatBytes, formatInteger } from '../../shared/format';
import { ACTION_THROTTLE, KEY_TYPE_NAMES, MAX_TARGET_KEYS } from '../../shared/contract/limits';
import { describeAddress, type ResolvedProfile } from '../core/profile/profile';
import { executeInvalidate } from '../core/actions/execute-invalidate';
import { InvalidateInterrupted } from '../core/actions/invalidate';
import { previewTarget } from '../core/actions/preview';
import { openActionSession, type ActionSession } from '../core/actions/session';
import { describeTarget, resolveTarget } from '../core/actions/target';
import { displayBytes, toWire } from '../core/keys/wire-bytes';
import { isConnectionLoss } from '../core/redis/connection-lost';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { EXIT, UsageError } from './exit-codes';
import { permissionError } from './permission-error';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope invalidate [connection flags] (--key K… | --prefix P | --pattern GLOB)
                           [--type T] [--dry-run] [--yes] [--backup FILE] [--throttle N] [--json]

Previews which keys a target matches — how many, a sample of names, the memory they hold —
and deletes them (SCAN + UNLINK in small batches) only with --yes.

  --key K            one key, exactly as written (repeat for a selection)
  --key-base64 B     a key given as base64, for bytes a shell cannot pass (repeatable)
  --prefix P         every key starting with P; glob characters in P are literal
                     (--prefix 'report:[2024]:' never touches report:2:)
  --prefix-base64 B  the same, the prefix given as base64
  --pattern GLOB     a SCAN MATCH glob, e.g. 'meeting:*:42' or '*:user-17'
  --type T           only keys of this type (${KEY_TYPE_NAMES.join(', ')})
  --dry-run          preview only (the default without --yes)
  --yes              delete the matching keys
  --backup FILE      before deleting, save every value (DUMP + TTL) to FILE, a new file;
                     "cachescope restore --backup FILE" puts them back
  --throttle N       examine at most N keys per second (${ACTION_THROTTLE.min} to ${ACTION_THROTTLE.max})
  --json             one JSON object: preview, deleted, serverReads {hits, misses} (the
                     keyspace hits/misses this run added to the server's counters)…

${CONNECTION_HELP}

Exit codes: 0 done (or previewed), 1 failed or interrupted, 2 bad usage, 3 cannot connect or
lost the server midway (either way what was deleted and the backup file are printed and audited),
4 the ACL user may not run a command it needs (SCAN, UNLINK…).`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  key: { type: 'string', multiple: true },
  'key-base64': { type: 'string', multiple: true },
  prefix: { type: 'string' },
  'prefix-base64': { type: 'string' },
  pattern: { type: 'string' },
  type: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  backup: { type: 'string' },
  throttle: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Base64 from the command line, checked so a typo cannot name other bytes. */
export function base64Flag(name: string, text: string): WireBytes {
  const bytes = Buffer.from(text, 'base64');
  if (text.length === 0 || bytes.toString('base64') !== text) throw new UsageError(`--${name} expects canonical base64, got "${text}"`);
  return { base64: text };
}

/** The wire form of bytes typed on a command line (argv arrives as UTF-8 text). */
function textFlag(text: string): WireBytes {
  return toWire(Buffer.from(text, 'utf8'));
}

interface TargetFlags {
  key?: string[];
  'key-base64'?: string[];
  prefix?: string;
  'prefix-base64'?: string;
  pattern?: string;
  type?: string;
}

export function targetFromFlags(v: TargetFlags): ActionTarget {
  const keys = [...(v.key ?? []).map(textFlag), ...(v['key-base64'] ?? []).map((k) => base64Flag('key-base64', k))];
  const kinds = [keys.length > 0, v.prefix !== undefined || v['prefix-base64'] !== undefined, v.pattern !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw new UsageError('give exactly one target: --key (one or more), --prefix or --pattern');
  if (v.prefix !== undefined && v['prefix-base64'] !== undefined) throw new UsageError('give --prefix or --prefix-base64, not both');
  const type = v.type !== undefined ? { type: v.type.toLowerCase() } : {};
  if (v.type !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(v.type)) throw new UsageError(`--type expects a type name such as string or hash, got "${v.type}"`);
  if (keys.length > 0) {
    if (keys.length > MAX_TARGET_KEYS) throw new UsageError(`at most ${formatInteger(MAX_TARGET_KEYS)} --key flags; use --prefix or --pattern for more`);
    return { kind: 'keys', keys, ...type };
  }
  if (v.pattern !== undefined) {
    if (v.pattern === '') throw new UsageError('--pattern must not be empty');
    return { kind: 'pattern', pattern: textFlag(v.pattern), ...type };
  }
  const prefix = v['prefix-base64'] !== undefined ? base64Flag('prefix-base64', v['prefix-base64']) : textFlag(v.prefix!);
  if (v.prefix === '') throw new UsageError('--prefix must not be empty (use "cachescope flush --by-scan" to delete every key)');
  return { kind: 'prefix', prefix, ...type };
}

export interface InvalidationRequest {
  target: ActionTarget;
  yes: boolean;
  backup?: string;
  throttle?: number;
  json: boolean;
  /** Audit action name ("invalidate", or "flushdb-by-scan"). */
  action: string;
}

/** JSON report of one run (also what `flush --by-scan --json` prints). */
export interface InvalidationReport {
  dryRun: boolean;
  target: string;
  db: number;
  preview: { matched: number; matchedKind: 'exact' | 'counted'; scanned: number; sample: WireBytes[]; bytes: number | null; bytesKind: 'exact' | 'estimated'; serverReads: ServerReads };
  state?: 'done' | 'cancelled' | 'stopped' | 'failed';
  deleted?: number;
  scanned?: number;
  durationMs?: number;
  backup?: { file: string; entries: number; bytes: number };
  message?: string;
  serverReads: ServerReads;
}

/** Preview, then (with --yes) delete, print and audit. Shared by `invalidate` and `flush --by-scan`. */
export async function runInvalidation(session: ActionSession, profile: ResolvedProfile, req: InvalidationRequest, ctx: CliContext): Promise<number> {
  const { env, auditor } = session;
  const resolved = resolveTarget(req.target);
  const description = describeTarget(req.target);
  const counts = await previewTarget(env, resolved);
  const report: InvalidationReport = {
    dryRun: !req.yes,
    target: description,
    db: profile.db,
    preview: {
      matched: counts.matched,
      matchedKind: counts.matchedKind,
      scanned: counts.scanned,
      sample: counts.sample.map(toWire),
      bytes: counts.bytes,
      bytesKind: counts.bytesKind,
      serverReads: env.ledger.totals(),
    },
    serverReads: env.ledger.totals(),
  };
  const out = (line: string) => {
    if (!req.json) ctx.stdout.write(`${line}\n`);
  };
  const where = `db ${profile.db} at ${describeAddress(profile)}`;
  const bytes = counts.bytes === null ? 'memory unknown (MEMORY USAGE refused)' : `${counts.bytesKind === 'exact' ? '' : 'about '}${formatBytes(counts.bytes)}`;
  out(`${formatInteger(counts.matched)} keys match ${description} in ${where} (${counts.matchedKind === 'exact' ? 'exact' : 'counted by SCAN'}), ${bytes}.`);
  if (counts.sample.length > 0) out(`Sample: ${counts.sample.map((k) => JSON.stringify(displayBytes(k))).join(', ')}${counts.matched > counts.sample.length ? ', …' : ''}`);

  if (!req.yes) {
    out('Dry run: nothing deleted. Add --yes to delete these keys (and --backup FILE to keep an undo file).');
    if (req.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
    return EXIT.OK;
  }

  const backup = req.backup ? path.resolve(req.backup) : undefined;
  const stop = onStopSignal();
  const started = performance.now();
  // Audited before the first deletion, so a process killed midway still leaves an entry.
  const run = auditor.run(profile, { action: req.action, target: description, previewCount: counts.matched, ...(backup ? { undoFile: backup } : {}) });
  await run.begin();
  try {
    const outcome = await executeInvalidate(env, resolved, {
      undo: backup
        ? {
            file: backup,
            header: {
              format: 'cachescope-undo',
              version: 1,
              createdAt: Date.now(),
              connectionId: profile.id,
              connectionName: describeAddress(profile),
              server: describeAddress(profile),
              db: profile.db,
              description,
            },
            limitBytes: Infinity,
          }
        : null,
      ...(req.throttle !== undefined ? { throttle: req.throttle } : {}),
      signal: stop.signal,
      onProgress: (c) => run.progress(c.deleted),
    }).catch(async (e: unknown) => {
      if (e instanceof InvalidateInterrupted) return e;
      const code = (e as NodeJS.ErrnoException).code;
      const message = code === 'EEXIST' ? `${backup} already exists: choose a new --backup file (it is never overwritten)` : (e as Error).message;
      await run.finish({ durationMs: performance.now() - started, outcome: 'failed', message });
      throw code === 'EEXIST' ? new UsageError(message) : e;
    });
    if (outcome instanceof InvalidateInterrupted) return await reportInterrupted(outcome);
    const { counters, end } = outcome;
    const durationMs = Math.round(performance.now() - started);
    report.state = end.state;
    report.deleted = counters.deleted;
    report.scanned = counters.scanned;
    report.durationMs = durationMs;
    report.serverReads = env.ledger.totals();
    if (outcome.undo) report.backup = { file: outcome.undo.file, entries: outcome.undo.meta.entries, bytes: outcome.undo.meta.bytes };
    const message =
      end.state === 'stopped' ? end.reason : `${end.state === 'cancelled' ? 'Interrupted after deleting' : 'Deleted'} ${counters.deleted} keys (${counters.scanned} examined) in ${(durationMs / 1000).toFixed(1)} s.`;
    report.message = message;
    await run.finish({
      resultCount: counters.deleted,
      durationMs,
      outcome: end.state === 'done' ? 'ok' : end.state,
      ...(outcome.undo ? { undoFile: outcome.undo.file } : {}),
      message,
    });
    out(message);
    if (outcome.undo) out(`Backup: ${outcome.undo.file} (${outcome.undo.meta.entries} keys). Undo with: cachescope restore --backup ${JSON.stringify(outcome.undo.file)}`);
    if (req.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
    return end.state === 'done' ? EXIT.OK : EXIT.FAILURE;
  } finally {
    stop.dispose();
  }

  /** Failed midway (the server went away): say what was deleted and where it is kept, as Ctrl-C does. */
  async function reportInterrupted(e: InvalidateInterrupted): Promise<number> {
    const lost = isConnectionLoss(e.cause);
    const { deleted, scanned } = e.counters;
    const durationMs = Math.round(performance.now() - started);
    const cause = e.cause instanceof Error ? e.cause.message : String(e.cause);
    const message = `${lost ? `Lost the connection to ${describeAddress(profile)}` : 'Failed'} after deleting ${deleted} keys (${scanned} examined) in ${(durationMs / 1000).toFixed(1)} s: ${cause}`;
    Object.assign(report, { state: 'failed', deleted, scanned, durationMs, message, serverReads: env.ledger.totals() });
    if (e.undo) report.backup = { ...e.undo };
    await run.finish({
      resultCount: deleted,
      durationMs,
      outcome: 'failed',
      ...(e.undo ? { undoFile: e.undo.file } : {}),
      message,
    });
    out(message);
    if (e.undo) out(`Backup: ${e.undo.file} (${e.undo.entries} keys). Undo with: cachescope restore --backup ${JSON.stringify(e.undo.file)}`);
    if (req.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
    return lost ? EXIT.CONNECT : EXIT.FAILURE;
  }
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const target = targetFromFlags(values);
  const throttle = intFlag('throttle', values.throttle, ACTION_THROTTLE.min, ACTION_THROTTLE.max);
  if (values.backup !== undefined && values.backup.trim() === '') throw new UsageError('--backup needs a file name');
  if (values['dry-run'] && values.yes) throw new UsageError('--dry-run and --yes contradict each other');
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const session = await openActionSession(profile, ctx.env);
  try {
    return await runInvalidation(
      session,
      profile,
      {
        target,
        yes: values.yes === true,
        ...(values.backup !== undefined ? { backup: values.backup } : {}),
        ...(throttle !== undefined ? { throttle } : {}),
        json: values.json === true,
        action: 'invalidate',
      },
      ctx,
    );
  } catch (e) {
    throw permissionError(e, describeAddress(profile)) ?? e;
  } finally {
    session.close();
  }
}
