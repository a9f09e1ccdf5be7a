import { randomUUID } from 'node:crypto';
import type { ParsedArgs, UrlResult, WarmFilePreview, WarmRecipe, WarmSource } from '../../../shared/contract';
import type { Connection } from '../connections/connection';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { envOf, type ActionDeps } from './deps';
import { FailoverWaits } from './failover-waits';
import { PreviewStore } from './previews';
import { previewWarmSource, runWarmFile, warmTargetRefusal, type WarmFileSource } from './warm-file';
import { runWarmUrls, serverLookups, windowOf } from './warm-urls';

type Names = 'warm.file.preview' | 'warm.file.execute' | 'warm.urls' | 'warm.recipes.list' | 'warm.recipes.save' | 'warm.recipes.delete' | 'warm.recipes.run';

function sourceName(source: WarmFileSource): string {
  return 'path' in source ? source.path : (source.name ?? 'pasted file');
}

/** The file to read: the uploaded text, or the path main's open dialog returned (never one from the request). */
async function resolveSource(ctx: CoreContext, source: WarmSource): Promise<WarmFileSource> {
  if ('content' in source) return source;
  const dialogs = ctx.options.dialogs;
  if (!dialogs) throw new CoreError('UNSUPPORTED', 'There is no file dialog here: upload the file instead.');
  const path = await dialogs.chooseOpenPath({ title: 'Warm the cache from a file', extensions: ['ndjson', 'jsonl', 'json', 'txt'] });
  if (path === null) throw new CoreError('CANCELLED', 'No file was chosen.');
  return { path };
}

export function warmHandlers(deps: ActionDeps): HandlersFor<Names> {
  const { ctx, jobs, auditor, recipes } = deps;
  const previews = new PreviewStore<{ source: WarmFileSource; preview: WarmFilePreview }>();

  /**
   * Write a previewed file as a job: progress per batch, every bad line reported by number.
   * A backup whose header names another server or db is refused (and audited) unless
   * `intoOtherTarget`; runWarmFile checks the file again as it reads it.
   */
  const startFile = async (conn: Connection, source: WarmFileSource, preview: Pick<WarmFilePreview, 'lines' | 'valid' | 'origin'>, intoOtherTarget: boolean) => {
    const { profile } = conn;
    const env = await envOf(conn);
    const target = `file ${sourceName(source)}${preview.origin ? ` (backup of db ${preview.origin.db} on ${preview.origin.server})` : ''}`;
    const into = { host: profile.host, port: profile.port, db: profile.db, seeds: profile.seeds, intoOtherTarget };
    const refusal = warmTargetRefusal(preview.origin, into);
    if (refusal) {
      const message = `${refusal} Confirm to write there (intoOtherTarget).`;
      await auditor.record(profile, { action: 'warm-file', target, previewCount: preview.valid, outcome: 'refused', message });
      throw new CoreError('BAD_REQUEST', message);
    }
    return jobs.start('warm-file', profile.id, async (job) => {
      job.update({ total: preview.lines }, true);
      // Audited before the first write, so a process that dies midway still leaves an entry.
      const run = auditor.run(profile, { action: 'warm-file', target, previewCount: preview.valid });
      await run.begin();
      try {
        const failover = new FailoverWaits(env.servingPrimaries, job.signal, (notes) => job.update({ notes }, true));
        const { counters, cancelled } = await runWarmFile(env.client, source, into, {
          signal: job.signal,
          failover,
          onProgress: (c) => {
            job.update({ scanned: c.scanned, written: c.written, skipped: c.skipped, failed: c.failed });
            run.progress(c.written);
          },
        });
        const message = [`Wrote ${counters.written} keys${counters.skipped ? `, skipped ${counters.skipped} (TTL already passed)` : ''}${counters.failed ? `; ${counters.failed} lines failed (see errors)` : ''}.`, ...failover.notes].join(' ');
        job.update({ scanned: counters.scanned, written: counters.written, skipped: counters.skipped, failed: counters.failed, errors: counters.errors, serverReads: env.ledger.totals(), ...(failover.notes.length ? { notes: failover.notes } : {}) });
        await run.finish({
          resultCount: counters.written,
          outcome: cancelled ? 'cancelled' : counters.failed ? 'partial' : 'ok',
          message,
        });
        return { state: cancelled ? 'cancelled' : 'done', message, value: undefined };
      } catch (e) {
        await run.finish({ resultCount: job.progress.written, outcome: 'failed', message: (e as Error).message });
        throw e;
      }
    });
  };

  /** GET each URL (bounded concurrency, timeout); the server's hit rate before and after shows the warm-up work. */
  const startUrls = (conn: Connection, urls: string[], concurrency: number, timeoutMs: number) => {
    const { profile } = conn;
    const target = `${urls.length} URL${urls.length === 1 ? '' : 's'}: ${urls[0]}${urls.length > 1 ? ' …' : ''}`;
    return jobs.start('warm-urls', profile.id, async (job) => {
      const results: UrlResult[] = [];
      // Audited before the first request, so a process that dies midway still leaves an entry.
      const run = auditor.run(profile, { action: 'warm-urls', target, previewCount: urls.length });
      await run.begin();
      try {
        const env = await envOf(conn);
        const before = await serverLookups(env.nodes);
        job.update({ total: urls.length, hitRate: { before } }, true);
        await runWarmUrls({
          urls,
          concurrency,
          timeoutMs,
          signal: job.signal,
          onResult: (r) => {
            results.push(r);
            const ok = results.filter((x) => x.status !== null && x.status < 400).length;
            job.update({ scanned: results.length, written: ok, failed: results.length - ok, urls: results.slice() });
            run.progress(ok);
          },
        });
        const after = await serverLookups(env.nodes);
        const own = env.ledger.totals();
        const during = windowOf(after.hits - before.hits - own.hits, after.misses - before.misses - own.misses);
        const ok = results.filter((x) => x.status !== null && x.status < 400).length;
        const cancelled = job.signal.aborted;
        const message = `${ok} of ${urls.length} URLs answered OK; the app made ${during.hits} cache hits and ${during.misses} misses meanwhile.`;
        job.update({ scanned: results.length, written: ok, failed: results.length - ok, urls: results.slice(), hitRate: { before, after, during } });
        await run.finish({ resultCount: ok, outcome: cancelled ? 'cancelled' : ok < results.length ? 'partial' : 'ok', message });
        return { state: cancelled ? 'cancelled' : 'done', message, value: undefined };
      } catch (e) {
        await run.finish({ resultCount: results.filter((x) => x.status !== null && x.status < 400).length, outcome: 'failed', message: (e as Error).message });
        throw e;
      }
    });
  };

  const runRecipe = async (conn: Connection, recipe: WarmRecipe) => {
    if (recipe.kind === 'urls') return startUrls(conn, recipe.urls, recipe.concurrency, recipe.timeoutMs);
    const source = { path: recipe.path };
    // A recipe has no one to ask: a backup of another server or db is refused, saying so.
    return startFile(conn, source, await previewWarmSource(source), false);
  };

  /** A file recipe remembers the path of a previewed file picked in main's dialog; an upload has none to remember. */
  const toStored = (id: string, recipe: ParsedArgs<'warm.recipes.save'>['recipe']): WarmRecipe => {
    if (recipe.kind === 'urls') return recipe;
    const { source } = previews.get(id, recipe.previewId);
    if (!('path' in source)) throw new CoreError('BAD_REQUEST', 'Only a file chosen in the open dialog can be saved as a recipe: an uploaded file has no path to read again.');
    return { name: recipe.name, kind: 'file', path: source.path };
  };

  return {
    'warm.file.preview': async ({ id, source: requested }) => {
      const conn = ctx.connection(id);
      await auditor.guardWritable(conn.profile, 'warm-file', 'content' in requested ? `file ${requested.name ?? 'pasted file'}` : 'file (open dialog)');
      const source = await resolveSource(ctx, requested);
      const counts = await previewWarmSource(source);
      const preview: WarmFilePreview = { previewId: randomUUID(), ...counts, expiresAt: 0 };
      preview.expiresAt = previews.put(preview.previewId, id, { source, preview });
      return preview;
    },
    'warm.file.execute': async ({ id, previewId, intoOtherTarget }) => {
      const conn = ctx.connection(id);
      await auditor.guardWritable(conn.profile, 'warm-file', `preview ${previewId}`);
      // Not taken until it runs: a refused target can be confirmed with the same preview.
      const { source, preview } = previews.get(id, previewId);
      const { jobId } = await startFile(conn, source, preview, intoOtherTarget);
      previews.take(id, previewId);
      return { jobId };
    },
    'warm.urls': async ({ id, urls, concurrency, timeoutMs }) => {
      const conn = ctx.connection(id);
      await auditor.guardWritable(conn.profile, 'warm-urls', `${urls.length} URLs`);
      return { jobId: startUrls(conn, urls, concurrency, timeoutMs).jobId };
    },
    'warm.recipes.list': async ({ id }) => recipes.list(id),
    'warm.recipes.save': async ({ id, recipe }) => recipes.save(id, toStored(id, recipe)),
    'warm.recipes.delete': async ({ id, name }) => recipes.delete(id, name),
    'warm.recipes.run': async ({ id, name }) => {
      const conn = ctx.connection(id);
      await auditor.guardWritable(conn.profile, 'warm', `recipe ${name}`);
      return { jobId: (await runRecipe(conn, await recipes.find(id, name))).jobId };
    },
  };
}
