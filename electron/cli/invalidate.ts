import path from 'node:path';
import type { ActionTarget, ServerReads, WireBytes } from '../../shared/contract';
import { formatBytes, formatInteger } from '../../shared/format';
import { ACTION_THROTTLE, KEY_TYPE_NAMES, MAX_TARGET_KEYS } from '../../shared/contract/limits';
import { describeAddress, type ResolvedProfile } from '../core/profile/profile';
import { displayBytes, fromWire, toWire } from '../core/keys/wire-bytes';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore, type CliCore } from './core-session';
import { EXIT, exitCodeForCoreCode, UsageError } from './exit-codes';
import { selfCommand } from './invocation';
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

/** Preview, then (with --yes) delete and print — through the contract: the core's handlers check, audit and keep the undo file. Shared by `invalidate` and `flush --by-scan`. */
export async function runInvalidation(core: CliCore, profile: ResolvedProfile, req: InvalidationRequest, ctx: CliContext): Promise<number> {
  const preview = await core.call('actions.preview', { id: core.id, target: req.target });
  const report: InvalidationReport = {
    dryRun: !req.yes,
    target: preview.description,
    db: preview.db,
    preview: {
      matched: preview.matched,
      matchedKind: preview.matchedKind,
      scanned: preview.scanned,
      sample: preview.sample,
      bytes: preview.bytes,
      bytesKind: preview.bytesKind,
      serverReads: preview.serverReads,
    },
    serverReads: preview.serverReads,
  };
  const out = (line: string) => {
    if (!req.json) ctx.stdout.write(`${line}\n`);
  };
  const where = `db ${preview.db} at ${describeAddress(profile)}`;
  const bytes = preview.bytes === null ? 'memory unknown (MEMORY USAGE refused)' : `${preview.bytesKind === 'exact' ? '' : 'about '}${formatBytes(preview.bytes)}`;
  const across = preview.nodes ? ` across ${preview.nodes} primaries` : '';
  out(`${formatInteger(preview.matched)} keys match ${preview.description} in ${where}${across} (${preview.matchedKind === 'exact' ? 'exact' : 'counted by SCAN'}), ${bytes}.`);
  if (preview.sample.length > 0) out(`Sample: ${preview.sample.map((k) => JSON.stringify(displayBytes(fromWire(k)))).join(', ')}${preview.matched > preview.sample.length ? ', …' : ''}`);

  if (!req.yes) {
    out('Dry run: nothing deleted. Add --yes to delete these keys (and --backup FILE to keep an undo file).');
    if (req.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
    return EXIT.OK;
  }

  // --yes is the terminal's confirmation: it answers with the phrase the preview asked for.
  const backup = req.backup !== undefined;
  const stop = onStopSignal();
  const started = performance.now();
  try {
    const end = await core.runJob(
      async () =>
        (
          await core.call('actions.execute', {
            id: core.id,
            previewId: preview.previewId,
            confirmation: preview.confirm.phrase,
            undo: backup,
            chooseUndoPath: backup,
            ...(req.throttle !== undefined ? { throttle: req.throttle } : {}),
          })
        ).jobId,
      stop.signal,
    );
    const durationMs = Math.round(performance.now() - started);
    // The preview and the run each count their own reads; the run's total is both.
    const serverReads = { hits: preview.serverReads.hits + end.serverReads.hits, misses: preview.serverReads.misses + end.serverReads.misses };
    const failed = end.state === 'failed';
    const message = failed
      ? (end.message ?? 'Failed.')
      : end.state === 'stopped'
        ? (end.message ?? 'Stopped.')
        : `${end.state === 'cancelled' ? 'Interrupted after deleting' : 'Deleted'} ${end.deleted} keys (${end.scanned} examined) in ${(durationMs / 1000).toFixed(1)} s.`;
    Object.assign(report, { state: end.state, deleted: end.deleted, scanned: end.scanned, durationMs, message, serverReads });
    const undo = end.undoFile && end.undoSaved ? { file: end.undoFile, ...end.undoSaved } : null;
    if (undo) report.backup = undo;
    out(message);
    if (undo) out(`Backup: ${undo.file} (${undo.entries} keys). Undo with: ${selfCommand(ctx.env)} restore --backup ${JSON.stringify(undo.file)}`);
    if (req.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
    if (failed) return exitCodeForCoreCode(end.code ?? 'INTERNAL');
    return end.state === 'done' ? EXIT.OK : EXIT.FAILURE;
  } finally {
    stop.dispose();
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
  const core = await openCliCore(profile, ctx, values.backup !== undefined ? { save: path.resolve(values.backup) } : {});
  try {
    return await runInvalidation(
      core,
      profile,
      {
        target,
        yes: values.yes === true,
        ...(values.backup !== undefined ? { backup: values.backup } : {}),
        ...(throttle !== undefined ? { throttle } : {}),
        json: values.json === true,
      },
      ctx,
    );
  } finally {
    await core.close();
  }
}
