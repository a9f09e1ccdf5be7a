import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UrlResult } from '../../shared/contract';
import { formatPercent } from '../../shared/format';
import { openActionSession, type ActionSession } from '../core/actions/session';
import { previewWarmSource, runWarmFile, type WarmPreviewCounts } from '../core/actions/warm-file';
import { restoreTargetMismatch } from '../../shared/restore-target';
import { runWarmUrls, serverLookups, windowOf } from '../core/actions/warm-urls';
import { CoreError } from '../core/errors';
import type { ResolvedProfile } from '../core/profile/profile';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
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

/** A warm file, previewed before connecting: a backup's header decides the db (as for `restore`). */
async function previewFile(file: string): Promise<WarmPreviewCounts> {
  return previewWarmSource({ path: file }).catch((e: unknown) => {
    throw e instanceof CoreError ? new CliError(EXIT.FAILURE, e.message) : e;
  });
}

async function warmFile(session: ActionSession, profile: ResolvedProfile, file: string, preview: WarmPreviewCounts, intoOtherTarget: boolean, json: boolean, ctx: CliContext): Promise<number> {
  const source = { path: file };
  const started = performance.now();
  if (!json) ctx.stderr.write(`${file}: ${preview.valid} keys to write, ${preview.invalid} bad lines (${preview.format === 'undo' ? 'backup file' : 'NDJSON'}).\n`);
  const stop = onStopSignal();
  const target = `file ${file}${preview.origin ? ` (backup of db ${preview.origin.db} on ${preview.origin.server})` : ''}`;
  // Audited before the first write, so a process killed midway still leaves an entry.
  const audit = session.auditor.run(profile, { action: 'warm-file', target, previewCount: preview.valid });
  let written = 0;
  try {
    await audit.begin();
    const { counters, cancelled } = await runWarmFile(
      session.client,
      source,
      { host: profile.host, port: profile.port, db: profile.db, intoOtherTarget },
      {
        signal: stop.signal,
        onProgress: (c) => {
          written = c.written;
          audit.progress(c.written);
        },
      },
    ).catch(async (e: unknown) => {
      await audit.finish({ resultCount: written, outcome: e instanceof CoreError && e.code === 'BAD_REQUEST' ? 'refused' : 'failed', message: (e as Error).message });
      throw e;
    });
    const durationMs = Math.round(performance.now() - started);
    const message = `Wrote ${counters.written} keys from ${counters.scanned} entries in ${(durationMs / 1000).toFixed(1)} s${counters.skipped ? `; ${counters.skipped} skipped (TTL already passed)` : ''}${counters.failed ? `; ${counters.failed} lines failed` : ''}${cancelled ? '; interrupted' : ''}.`;
    await audit.finish({
      resultCount: counters.written,
      durationMs,
      outcome: cancelled ? 'cancelled' : counters.failed ? 'partial' : 'ok',
      message,
    });
    if (json) {
      ctx.stdout.write(
        `${JSON.stringify({ file, format: preview.format, lines: preview.lines, written: counters.written, skipped: counters.skipped, failed: counters.failed, errors: counters.errors, durationMs, cancelled, serverReads: session.env.ledger.totals() })}\n`,
      );
    } else {
      ctx.stdout.write(`${message}\n`);
      for (const e of counters.errors) ctx.stdout.write(`  line ${e.line}: ${e.reason}\n`);
      if (counters.failed > counters.errors.length) ctx.stdout.write(`  … and ${counters.failed - counters.errors.length} more\n`);
    }
    return cancelled || counters.failed ? EXIT.FAILURE : EXIT.OK;
  } finally {
    stop.dispose();
  }
}

function urlLine(r: UrlResult): string {
  return `${String(r.status ?? 'ERR').padStart(3)}  ${`${r.ms} ms`.padStart(8)}  ${r.url}${r.error ? `  (${r.error})` : ''}`;
}

async function warmUrls(session: ActionSession, profile: ResolvedProfile, file: string, concurrency: number, timeoutMs: number, json: boolean, ctx: CliContext): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Cannot read ${file}: ${(e as Error).message}`);
  }
  const urls = parseUrlList(text);
  const stop = onStopSignal();
  const started = performance.now();
  // Audited before the first request, so a process killed midway still leaves an entry.
  const audit = session.auditor.run(profile, { action: 'warm-urls', target: `${urls.length} URLs from ${file}`, previewCount: urls.length });
  let answered = 0;
  try {
    await audit.begin();
    const before = await serverLookups(session.client);
    const results = await runWarmUrls({
      urls,
      concurrency,
      timeoutMs,
      signal: stop.signal,
      onResult: (r) => {
        if (r.status !== null && r.status < 400) audit.progress(++answered);
        if (!json) ctx.stdout.write(`${urlLine(r)}\n`);
      },
    }).catch(async (e: unknown) => {
      await audit.finish({ resultCount: answered, outcome: 'failed', message: (e as Error).message });
      throw e;
    });
    const after = await serverLookups(session.client);
    const own = session.env.ledger.totals();
    const during = windowOf(after.hits - before.hits - own.hits, after.misses - before.misses - own.misses);
    const ok = results.filter((r) => r.status !== null && r.status < 400).length;
    const durationMs = Math.round(performance.now() - started);
    const cancelled = stop.signal.aborted;
    const message = `${ok} of ${urls.length} URLs answered OK in ${(durationMs / 1000).toFixed(1)} s. Meanwhile the server counted ${during.hits} hits and ${during.misses} misses; its hit rate went from ${formatPercent(before.hitRate)} to ${formatPercent(after.hitRate)}.`;
    await audit.finish({
      resultCount: ok,
      durationMs,
      outcome: cancelled ? 'cancelled' : ok < urls.length ? 'partial' : 'ok',
      message,
    });
    if (json) ctx.stdout.write(`${JSON.stringify({ file, urls: results, ok, failed: results.length - ok, durationMs, cancelled, hitRate: { before, after, during }, serverReads: own })}\n`);
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
  const preview = values.file !== undefined ? await previewFile(file) : null;
  // A backup's keys go back to the db they came from unless --db names another, as for `restore`.
  const origin = preview?.origin;
  const { profile, warnings } = resolveConnectionFlags(origin && values.db === undefined ? { ...values, db: String(origin.db) } : values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const intoOtherTarget = values['into-other-target'] === true;
  const mismatch = origin && !intoOtherTarget ? restoreTargetMismatch(origin, profile) : null;
  if (mismatch) throw new UsageError(`${mismatch} Name the file's server (--url), or add --into-other-target to write there`);
  const session = await openActionSession(profile, ctx.env);
  try {
    if (preview) return await warmFile(session, profile, file, preview, intoOtherTarget, values.json === true, ctx);
    return await warmUrls(session, profile, file, concurrency, timeoutMs, values.json === true, ctx);
  } finally {
    session.close();
  }
}
