import { describeAddress } from '../core/profile/profile';
import { keysToFlush, runFlush } from '../core/actions/flush';
import { openActionSession } from '../core/actions/session';
import { CoreError } from '../core/errors';
import { formatInteger } from '../../shared/format';
import { ACTION_THROTTLE } from '../../shared/contract/limits';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
import { runInvalidation } from './invalidate';

export const usage = `Usage: cachescope flush [connection flags] [--all] [--by-scan [--backup FILE] [--throttle N]] --yes [--json]

Empties the selected db with FLUSHDB ASYNC (the server frees memory in the background).
Production servers often rename FLUSHDB away or deny it by ACL: then this says so, and
--by-scan deletes every key of the db by SCAN + UNLINK instead, with an optional backup.

  --all          FLUSHALL ASYNC: every db of the server
  --by-scan      delete every key of the db in small batches instead of FLUSHDB
  --backup FILE  with --by-scan: save every value to FILE first (cachescope restore puts them back)
  --throttle N   with --by-scan: examine at most N keys per second (${ACTION_THROTTLE.min} to ${ACTION_THROTTLE.max})
  --yes          required: nothing is flushed without it
  --json         one JSON object with the result

${CONNECTION_HELP}

Exit codes: 0 flushed, 1 refused by the server (renamed or denied) or failed, 2 bad usage
(including a missing --yes), 3 cannot connect.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  all: { type: 'boolean' },
  'by-scan': { type: 'boolean' },
  backup: { type: 'string' },
  throttle: { type: 'string' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const all = values.all === true;
  const byScan = values['by-scan'] === true;
  const throttle = intFlag('throttle', values.throttle, ACTION_THROTTLE.min, ACTION_THROTTLE.max);
  if (all && byScan) throw new UsageError('--by-scan works on one db at a time: run it once per --db instead of --all');
  if (!byScan && (values.backup !== undefined || throttle !== undefined)) throw new UsageError('--backup and --throttle go with --by-scan (FLUSHDB itself cannot be undone)');
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const session = await openActionSession(profile, ctx.env);
  try {
    if (byScan) {
      if (!values.yes) throw new UsageError('flush --by-scan deletes every key of the db: add --yes to confirm');
      return await runInvalidation(
        session,
        profile,
        {
          target: { kind: 'all' },
          yes: true,
          ...(values.backup !== undefined ? { backup: values.backup } : {}),
          ...(throttle !== undefined ? { throttle } : {}),
          json: values.json === true,
          action: 'flushdb-by-scan',
        },
        ctx,
      );
    }
    const keys = await keysToFlush([session.client], all);
    const what = all ? `every db at ${describeAddress(profile)}` : `db ${profile.db} at ${describeAddress(profile)}`;
    if (!values.yes) throw new UsageError(`this would delete ${formatInteger(keys)} keys from ${what}, with no undo: add --yes to confirm`);
    const action = all ? 'flushall' : 'flushdb';
    const started = performance.now();
    let command: string;
    try {
      command = await runFlush([session.client], all);
    } catch (e) {
      const message = (e as Error).message;
      await session.auditor.record(profile, { action, target: what, previewCount: keys, durationMs: performance.now() - started, outcome: 'failed', message });
      if (e instanceof CoreError && (e.code === 'UNSUPPORTED' || e.code === 'NO_PERMISSION'))
        throw new CliError(EXIT.FAILURE, `${message}${all ? '' : ' Run again with --by-scan (add --backup FILE to keep an undo file).'}`);
      throw e;
    }
    const durationMs = Math.round(performance.now() - started);
    await session.auditor.record(profile, { action, target: what, previewCount: keys, resultCount: keys, durationMs, outcome: 'ok', message: command });
    if (values.json) ctx.stdout.write(`${JSON.stringify({ command, keysBefore: keys, db: profile.db, all, durationMs })}\n`);
    else ctx.stdout.write(`${command}: ${formatInteger(keys)} keys removed from ${what}.\n`);
    return EXIT.OK;
  } finally {
    session.close();
  }
}
