import path from 'node:path';
import { describeAddress } from '../core/profile/profile';
import { formatInteger } from '../../shared/format';
import { ACTION_THROTTLE } from '../../shared/contract/limits';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { CoreFailure } from './envelope-error';
import { CliError, EXIT, UsageError } from './exit-codes';
import { runInvalidation } from './invalidate';

export const usage = `Usage: cachescope flush [connection flags] [--all] [--by-scan [--backup FILE] [--throttle N]] --yes [--json]

Empties the selected db with FLUSHDB ASYNC (the server frees memory in the background);
on a cluster, on every primary (it says how many, and how many keys they hold).
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
  const core = await openCliCore(profile, ctx, byScan && values.backup !== undefined ? { save: path.resolve(values.backup) } : {});
  try {
    if (byScan) {
      if (!values.yes) throw new UsageError('flush --by-scan deletes every key of the db: add --yes to confirm');
      return await runInvalidation(
        core,
        profile,
        {
          target: { kind: 'all' },
          yes: true,
          ...(values.backup !== undefined ? { backup: values.backup } : {}),
          ...(throttle !== undefined ? { throttle } : {}),
          json: values.json === true,
        },
        ctx,
      );
    }
    const preview = await core.call('flush.preview', { id: core.id, all });
    const what = all ? `every db at ${describeAddress(profile)}` : `db ${profile.db} at ${describeAddress(profile)}`;
    // On a cluster the command runs on every primary: say so, as the confirmation does.
    const on = preview.nodes > 1 ? ` (${preview.summary})` : '';
    if (!values.yes) throw new UsageError(`this would delete ${formatInteger(preview.keys)} keys from ${what}${on}, with no undo: add --yes to confirm`);
    let result;
    try {
      // --yes is the terminal's confirmation: it answers with the phrase the preview asked for.
      result = await core.call('flush.execute', { id: core.id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    } catch (e) {
      // Renamed away or denied: the handler said why (and audited it); the CLI adds its own way out.
      if (e instanceof CoreFailure && (e.code === 'UNSUPPORTED' || e.code === 'NO_PERMISSION'))
        throw new CliError(EXIT.FAILURE, `${e.message}${all ? '' : ' Run again with --by-scan (add --backup FILE to keep an undo file).'}`);
      throw e;
    }
    if (values.json) ctx.stdout.write(`${JSON.stringify({ command: result.command, keysBefore: result.keysBefore, nodes: result.nodes, db: profile.db, all, durationMs: result.durationMs })}\n`);
    else ctx.stdout.write(`${result.command}${result.nodes > 1 ? ` on ${result.nodes} primaries` : ''}: ${formatInteger(result.keysBefore)} keys removed from ${what}.\n`);
    return EXIT.OK;
  } finally {
    await core.close();
  }
}
