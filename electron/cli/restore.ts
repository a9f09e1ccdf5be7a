import path from 'node:path';
import { displayBytes, fromWire } from '../core/keys/wire-bytes';
import { runRestore } from '../core/actions/restore';
import { openActionSession } from '../core/actions/session';
import { openUndoFile } from '../core/actions/undo-file';
import { parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope restore [connection flags] --backup FILE [--replace] [--json]

Puts back the keys an invalidation saved to FILE (its --backup, or an undo file of the app),
with RESTORE and each key's remaining TTL. Keys that exist again (recreated meanwhile) are
left as they are and listed, unless --replace. Keys whose TTL ran out are not restored.

  --backup FILE   the backup/undo file to restore
  --replace       overwrite keys that exist now
  --json          one JSON object: restored, skipped (recreated), expired, failed, errors…

${CONNECTION_HELP}
The backup's db is used unless --db says otherwise.

Exit codes: 0 restored (skipped keys are not a failure), 1 some entries failed or interrupted,
2 bad usage, 3 cannot connect.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  backup: { type: 'string' },
  replace: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  if (!values.backup) throw new UsageError('--backup FILE is required');
  const file = path.resolve(values.backup);
  let opened;
  try {
    opened = await openUndoFile(file);
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Cannot restore from ${file}: ${(e as Error).message}`);
  }
  const { header, entries } = opened;
  // Keys go back to the db they came from, unless the user names another one.
  const { profile, warnings } = resolveConnectionFlags(values.db === undefined ? { ...values, db: String(header.db) } : values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const session = await openActionSession(profile, ctx.env).catch(async (e: unknown) => {
    await entries.return(undefined);
    throw e;
  });
  const stop = onStopSignal();
  const started = performance.now();
  const target = `backup ${file} (${header.description})`;
  try {
    const { counters, cancelled } = await runRestore(session.client, entries, { replace: values.replace === true, signal: stop.signal }).catch(async (e: unknown) => {
      await session.auditor.record(profile, { action: 'restore', target, durationMs: performance.now() - started, outcome: 'failed', undoFile: file, message: (e as Error).message });
      throw e;
    });
    const durationMs = Math.round(performance.now() - started);
    const parts = [`Restored ${counters.written} of ${counters.scanned} keys into db ${profile.db} in ${(durationMs / 1000).toFixed(1)} s.`];
    if (counters.skipped) parts.push(`${counters.skipped} recreated meanwhile and left as they are (--replace overwrites them).`);
    if (counters.expired) parts.push(`${counters.expired} had reached their TTL and were not restored.`);
    if (counters.failed) parts.push(`${counters.failed} failed.`);
    if (cancelled) parts.push('Interrupted.');
    const message = parts.join(' ');
    await session.auditor.record(profile, {
      action: 'restore',
      target,
      previewCount: counters.scanned,
      resultCount: counters.written,
      durationMs,
      outcome: cancelled ? 'cancelled' : counters.failed ? 'partial' : 'ok',
      undoFile: file,
      message,
    });
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ file, db: profile.db, entries: counters.scanned, restored: counters.written, skipped: counters.skipped, skippedKeys: counters.skippedKeys, expired: counters.expired, failed: counters.failed, errors: counters.errors, durationMs, cancelled })}\n`,
      );
    } else {
      ctx.stdout.write(`${message}\n`);
      if (counters.skippedKeys.length) ctx.stdout.write(`Left as they are: ${counters.skippedKeys.map((k) => JSON.stringify(displayBytes(fromWire(k)))).join(', ')}${counters.skipped > counters.skippedKeys.length ? ', …' : ''}\n`);
      for (const e of counters.errors) ctx.stdout.write(`  line ${e.line}: ${e.reason}\n`);
    }
    return cancelled || counters.failed ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
    session.close();
  }
}
