import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobProgress, UrlResult } from '../../shared/contract';
import { formatPercent } from '../../shared/format';
import { readUndoHeader } from '../core/actions/undo-file';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore, type CliCore } from './core-session';
import { CoreFailure } from './envelope-error';
import { CliError, EXIT, exitCodeForCoreCode, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope warm [connection flags] (--file FILE [--into-other-target] | --urls FILE)
                     [--concurrency N] [--timeout MS] [--json]

Fills the cache ahead of traffic.

  --file FILE       write the keys of FILE: NDJSON lines {"key", "type", "value", "ttl"} (ttl in
                    seconds; hash/list/set/zset values as JSON structures; {"base64": …} for
                    bytes), or a backup/undo file. Good lines are written in pipelined batches;
                    every bad line is reported with its number and reason; a line over
                    16 MiB (384 MiB in a backup) is skipped and reported.
                    A backup is a restore: its keys go to the db its header names unless
                    --db says otherwise, and another server or db needs --into-other-target.
  --into-other-target
                    write a backup into a server or db other than the one its header names
                    (refused without it: exit 2, nothing written)
  --urls FILE       GET each URL of FILE (one per line, # comments) so the app caches its answers;
                    prints each status and time, and the server's hit rate before and after
  --concurrency N   URLs in flight at once, 1-64 (default 4)
  --timeout MS      per URL, 100-120000 (default 10000)
  --json            one JSON object; serverReads {hits, misses} are the keyspace hits/misses
                    Cachescope itself added to the server's counters

${CONNECTION_HELP}

Exit codes: 0 everything written (or every URL answered 2xx/3xx), 1 some lines or URLs failed
(the good ones were still written) or interrupted, 2 bad usage, 3 cannot connect.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  file: { type: 'string' },
  urls: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'into-other-target': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** URLs from a file: one per line, blank lines and # comments ignored, each checked. */
export function parseUrlList(text: string): string[] {
  const urls: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(line).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`line ${i + 1} of the URL file is not an http(s) URL: "${line}"`);
    urls.push(line);
  });
  if (urls.length === 0) throw new UsageError('the URL file lists no URLs');
  if (urls.length > 5000) throw new UsageError('at most 5000 URLs per run');
  return urls;
}

/** A backup's header, read before connecting: it names the db its keys go back to (as for `restore`); null for NDJSON. */
async function backupDb(file: string): Promise<number | null> {
  try {
    return (await readUndoHeader(file))?.db ?? null;
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Cannot read ${file}: ${(e as Error).message}`);
  }
}

/** A job that failed (rather than ending cancelled or with bad lines) is this command's error. */
function failedJob(end: JobProgress): CliError {
  return new CliError(exitCodeForCoreCode(end.code ?? 'INTERNAL'), end.message ?? 'The warm-up failed.');
}

/** warm.file.preview → warm.file.execute through the contract; the file is the one --file names (the core's "open dialog"). */
async function warmFile(core: CliCore, file: string, intoOtherTarget: boolean, json: boolean, ctx: CliContext): Promise<number> {
  const preview = await core.call('warm.file.preview', { id: core.id, source: { dialog: true } }).catch((e: unknown) => {
    throw e instanceof CoreFailure ? new CliError(EXIT.FAILURE, e.message) : e;
  });
  if (!json) ctx.stderr.write(`${file}: ${preview.valid} keys to write, ${preview.invalid} bad lines (${preview.format === 'undo' ? 'backup file' : 'NDJSON'}).\n`);
  const stop = onStopSignal();
  const started = performance.now();
  try {
    const end = await core
      .runJob(async () => (await core.call('warm.file.execute', { id: core.id, previewId: preview.previewId, intoOtherTarget })).jobId, stop.signal)
      .catch((e: unknown) => {
        // A backup of another server or db: the handler's refusal (audited), with the flag that confirms it.
        if (e instanceof CoreFailure && e.code === 'BAD_REQUEST' && !intoOtherTarget)
          throw new UsageError(`${e.message.replace(/ Confirm to write there \(intoOtherTarget\)\.$/, '')} Name the file's server (--url), or add --into-other-target to write there`);
        throw e;
      });
    if (end.state === 'failed') throw failedJob(end);
    const durationMs = Math.round(performance.now() - started);
    const cancelled = end.state === 'cancelled';
    const errors = end.errors ?? [];
    const message = `Wrote ${end.written} keys from ${end.scanned} entries in ${(durationMs / 1000).toFixed(1)} s${end.skipped ? `; ${end.skipped} skipped (TTL already passed)` : ''}${end.failed ? `; ${end.failed} lines failed` : ''}${cancelled ? '; interrupted' : ''}.`;
    if (json) {
      ctx.stdout.write(
        `${JSON.stringify({ file, format: preview.format, lines: preview.lines, written: end.written, skipped: end.skipped, failed: end.failed, errors, durationMs, cancelled, serverReads: end.serverReads })}\n`,
      );
    } else {
      ctx.stdout.write(`${message}\n`);
      for (const e of errors) ctx.stdout.write(`  line ${e.line}: ${e.reason}\n`);
      if (end.failed > errors.length) ctx.stdout.write(`  … and ${end.failed - errors.length} more\n`);
    }
    return cancelled || end.failed ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
  }
}

function urlLine(r: UrlResult): string {
  return `${String(r.status ?? 'ERR').padStart(3)}  ${`${r.ms} ms`.padStart(8)}  ${r.url}${r.error ? `  (${r.error})` : ''}`;
}

/** warm.urls through the contract: each URL's line printed as its result arrives on job.progress. */
async function warmUrls(core: CliCore, file: string, concurrency: number, timeoutMs: number, json: boolean, ctx: CliContext): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Cannot read ${file}: ${(e as Error).message}`);
  }
  const urls = parseUrlList(text);
  const stop = onStopSignal();
  const started = performance.now();
  let printed = 0;
  const printNew = (p: JobProgress) => {
    const results = p.urls ?? [];
    for (; printed < results.length; printed++) if (!json) ctx.stdout.write(`${urlLine(results[printed]!)}\n`);
  };
  try {
    const end = await core.runJob(async () => (await core.call('warm.urls', { id: core.id, urls, concurrency, timeoutMs })).jobId, stop.signal, printNew);
    if (end.state === 'failed') throw failedJob(end);
    const results = end.urls ?? [];
    const ok = results.filter((r) => r.status !== null && r.status < 400).length;
    const durationMs = Math.round(performance.now() - started);
    const cancelled = end.state === 'cancelled';
    const { before, after, during } = end.hitRate ?? {};
    const message = `${ok} of ${urls.length} URLs answered OK in ${(durationMs / 1000).toFixed(1)} s. Meanwhile the server counted ${during?.hits ?? 0} hits and ${during?.misses ?? 0} misses; its hit rate went from ${formatPercent(before?.hitRate ?? null)} to ${formatPercent(after?.hitRate ?? null)}.`;
    if (json) ctx.stdout.write(`${JSON.stringify({ file, urls: results, ok, failed: results.length - ok, durationMs, cancelled, hitRate: end.hitRate, serverReads: end.serverReads })}\n`);
    else ctx.stdout.write(`${message}\n`);
    return cancelled || ok < urls.length ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
  }
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  if ((values.file === undefined) === (values.urls === undefined)) throw new UsageError('give one of --file FILE or --urls FILE');
  if (values['into-other-target'] && values.file === undefined) throw new UsageError('--into-other-target goes with --file (a backup file)');
  const concurrency = intFlag('concurrency', values.concurrency, 1, 64) ?? 4;
  const timeoutMs = intFlag('timeout', values.timeout, 100, 120_000) ?? 10_000;
  const file = path.resolve(values.file ?? values.urls!);
  // A backup's keys go back to the db they came from unless --db names another, as for `restore`.
  const originDb = values.file !== undefined ? await backupDb(file) : null;
  const { profile, warnings } = resolveConnectionFlags(originDb !== null && values.db === undefined ? { ...values, db: String(originDb) } : values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const core = await openCliCore(profile, ctx, values.file !== undefined ? { open: file } : {});
  try {
    if (values.file !== undefined) return await warmFile(core, file, values['into-other-target'] === true, values.json === true, ctx);
    return await warmUrls(core, file, concurrency, timeoutMs, values.json === true, ctx);
  } finally {
    await core.close();
  }
}
