import path from 'node:path';
import { describeAddress } from '../core/profile/profile';
import { displayBytes, fromWire } from '../core/keys/wire-bytes';
import { readUndoHeader } from '../core/actions/undo-file';
import { parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { CoreFailure } from './envelope-error';
import { CliError, EXIT, exitCodeForCoreCode, UsageError } from './exit-codes';
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

/** The file's header, read before connecting: it names the db the keys go back to. */
async function headerDb(file: string): Promise<number> {
  let header;
  try {
    header = await readUndoHeader(file);
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Cannot restore from ${file}: ${(e as Error).message}`);
  }
  if (!header) throw new CliError(EXIT.FAILURE, `Cannot restore from ${file}: ${file} is not a Cachescope undo file`);
  return header.db;
}

/** Restore through the contract (actions.undo, the file "chosen" by --backup): the core's handler checks the target, writes and audits. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  if (!values.backup) throw new UsageError('--backup FILE is required');
  const file = path.resolve(values.backup);
  // Keys go back to the db they came from, unless the user names another one.
  const db = values.db === undefined ? String(await headerDb(file)) : values.db;
  const { profile, warnings } = resolveConnectionFlags({ ...values, db }, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const intoOtherTarget = values['into-other-target'] === true;
  const core = await openCliCore(profile, ctx, { open: file });
  const stop = onStopSignal();
  const started = performance.now();
  try {
    const end = await core
      .runJob(async () => (await core.call('actions.undo', { id: core.id, chooseFile: true, replace: values.replace === true, intoOtherTarget })).jobId, stop.signal)
      .catch((e: unknown) => {
        // Another server or db: the handler's refusal, with the flag that confirms it.
        if (e instanceof CoreFailure && e.code === 'BAD_REQUEST' && !intoOtherTarget)
          throw new UsageError(`${e.message.replace(/ Confirm to restore there \(intoOtherTarget\)\.$/, '')} Name the file's server (--url), or add --into-other-target to restore there`);
        throw e;
      });
    if (end.state === 'failed') throw new CliError(exitCodeForCoreCode(end.code ?? 'INTERNAL'), end.message ?? 'The restore failed.');
    const durationMs = Math.round(performance.now() - started);
    const cancelled = end.state === 'cancelled';
    const stopped = end.stoppedAt;
    const expired = end.expired ?? 0;
    const skipped = end.skipped - expired;
    const errors = (end.errors ?? []) as { line: number; reason: string }[];
    const skippedKeys = end.skippedKeys ?? [];
    const total = stopped ? (end.total ?? `the first ${end.scanned}`) : end.scanned;
    const parts = [`Restored ${end.written} of ${total} keys into db ${profile.db} in ${(durationMs / 1000).toFixed(1)} s.`];
    if (stopped) {
      parts.push(`Stopped at line ${stopped.line}: lost the connection to ${describeAddress(profile)} (${stopped.reason}).`);
      parts.push('To resume, run the same command again once the server is back: keys already restored are left as they are.');
    }
    if (skipped) parts.push(`${skipped} recreated meanwhile and left as they are (--replace overwrites them).`);
    if (expired) parts.push(`${expired} had reached their TTL and were not restored.`);
    if (end.failed) parts.push(`${end.failed} failed.`);
    if (cancelled) parts.push('Interrupted.');
    const message = parts.join(' ');
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ file, db: profile.db, entries: end.scanned, restored: end.written, skipped, skippedKeys, expired, failed: end.failed, errors, durationMs, cancelled, ...(stopped ? { stopped } : {}) })}\n`,
      );
    } else {
      ctx.stdout.write(`${message}\n`);
      if (skippedKeys.length) ctx.stdout.write(`Left as they are: ${skippedKeys.map((k) => JSON.stringify(displayBytes(fromWire(k)))).join(', ')}${skipped > skippedKeys.length ? ', …' : ''}\n`);
      for (const e of errors) ctx.stdout.write(`  line ${e.line}: ${e.reason}\n`);
    }
    if (stopped) return EXIT.CONNECT;
    return cancelled || end.failed ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
    await core.close();
  }
}
