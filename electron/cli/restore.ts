import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeAddress } from '../core/profile/profile';
import { displayBytes, fromWire } from '../core/keys/wire-bytes';
import { runRestore } from '../core/actions/restore';
import { restoreTargetMismatch } from '../../shared/restore-target';
import { openActionSession } from '../core/actions/session';
import { metaFile, openUndoFile, type UndoMeta } from '../core/actions/undo-file';
import { parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope restore [connection flags] --backup FILE [--replace] [--into-other-target] [--json]

Puts back the keys an invalidation saved to FILE (its --backup, or an undo file of the app),
with RESTORE and each key's remaining TTL. Keys that exist again (recreated meanwhile) are
left as they are and listed, unless --replace. Keys whose TTL ran out are not restored.

  --backup FILE   the backup/undo file to restore
  --replace       overwrite keys that exist now
  --into-other-target
                  restore into a server or db other than the one the file's header names
                  (refused without it: exit 2, nothing written)
  --json          one JSON object: restored, skipped (recreated), expired, failed, errors…

${CONNECTION_HELP}
The backup's db is used unless --db says otherwise (another db or server needs --into-other-target).

A lost connection stops the restore with a summary (restored N of M, the line it stopped at);
run the same command again to resume: keys already back are left as they are.

Exit codes: 0 restored (skipped keys are not a failure), 1 some entries failed or interrupted,
2 bad usage, 3 cannot connect, or the connection was lost (nothing after that line was restored).`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  backup: { type: 'string' },
  replace: { type: 'boolean' },
  'into-other-target': { type: 'boolean' },
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
  const mismatch = restoreTargetMismatch(header, profile);
  if (mismatch && values['into-other-target'] !== true) {
    await entries.return(undefined);
    throw new UsageError(`${mismatch} Name the file's server (--url), or add --into-other-target to restore there`);
  }
  const session = await openActionSession(profile, ctx.env).catch(async (e: unknown) => {
    await entries.return(undefined);
    throw e;
  });
  const stop = onStopSignal();
  const started = performance.now();
  const target = `backup ${file} (${header.description})`;
  // Audited before the first write, so a process killed midway still leaves an entry.
  const audit = session.auditor.run(profile, { action: 'restore', target, undoFile: file });
  let written = 0;
  try {
    await audit.begin();
    const { counters, cancelled, stopped } = await runRestore(session.client, entries, {
      replace: values.replace === true,
      signal: stop.signal,
      onProgress: (c) => {
        written = c.written;
        audit.progress(c.written);
      },
    }).catch(async (e: unknown) => {
      await audit.finish({ resultCount: written, outcome: 'failed', undoFile: file, message: (e as Error).message });
      throw e;
    });
    const durationMs = Math.round(performance.now() - started);
    const total = stopped ? ((await entriesOf(file)) ?? `the first ${counters.scanned}`) : counters.scanned;
    const parts = [`Restored ${counters.written} of ${total} keys into db ${profile.db} in ${(durationMs / 1000).toFixed(1)} s.`];
    if (stopped) {
      parts.push(`Stopped at line ${stopped.line}: lost the connection to ${describeAddress(profile)} (${stopped.error.message}).`);
      parts.push('To resume, run the same command again once the server is back: keys already restored are left as they are.');
    }
    if (counters.skipped) parts.push(`${counters.skipped} recreated meanwhile and left as they are (--replace overwrites them).`);
    if (counters.expired) parts.push(`${counters.expired} had reached their TTL and were not restored.`);
    if (counters.failed) parts.push(`${counters.failed} failed.`);
    if (cancelled) parts.push('Interrupted.');
    const message = parts.join(' ');
    await audit.finish({
      previewCount: counters.scanned,
      resultCount: counters.written,
      durationMs,
      outcome: stopped ? 'stopped' : cancelled ? 'cancelled' : counters.failed ? 'partial' : 'ok',
      undoFile: file,
      message,
    });
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ file, db: profile.db, entries: counters.scanned, restored: counters.written, skipped: counters.skipped, skippedKeys: counters.skippedKeys, expired: counters.expired, failed: counters.failed, errors: counters.errors, durationMs, cancelled, ...(stopped ? { stopped: { line: stopped.line, reason: stopped.error.message } } : {}) })}\n`,
      );
    } else {
      ctx.stdout.write(`${message}\n`);
      if (counters.skippedKeys.length) ctx.stdout.write(`Left as they are: ${counters.skippedKeys.map((k) => JSON.stringify(displayBytes(fromWire(k)))).join(', ')}${counters.skipped > counters.skippedKeys.length ? ', …' : ''}\n`);
      for (const e of counters.errors) ctx.stdout.write(`  line ${e.line}: ${e.reason}\n`);
    }
    if (stopped) return EXIT.CONNECT;
    return cancelled || counters.failed ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
    session.close();
  }
}

/** The entry count the writer recorded beside the file, or null (no sidecar, or not readable). */
async function entriesOf(file: string): Promise<number | null> {
  try {
    const meta = JSON.parse(await readFile(metaFile(file), 'utf8')) as Partial<UndoMeta>;
    return typeof meta.entries === 'number' ? meta.entries : null;
  } catch {
    return null;
  }
}
