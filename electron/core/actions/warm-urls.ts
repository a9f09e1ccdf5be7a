import type Redis from 'ioredis';
import type { HitRateWindow, UrlResult } from '../../../shared/contract';

export interface WarmUrlsOptions {
  urls: string[];
  concurrency: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onResult?: (result: UrlResult, done: number) => void;
}

/** One GET; the body is read to the end (the app writes its cache before it finishes answering) and dropped. */
export async function fetchOne(url: string, timeoutMs: number, signal?: AbortSignal): Promise<UrlResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { method: 'GET', signal: both, redirect: 'follow', headers: { 'user-agent': 'Cachescope-warm/1' } });
    const body = res.body?.getReader();
    if (body) while (!(await body.read()).done); // drain, keep nothing
    return { url, status: res.status, ms: Math.round(performance.now() - started) };
  } catch (e) {
    const ms = Math.round(performance.now() - started);
    if (timeout.aborted) return { url, status: null, ms, error: `timed out after ${timeoutMs} ms` };
    if (signal?.aborted) return { url, status: null, ms, error: 'cancelled' };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { url, status: null, ms, error: cause?.code ?? cause?.message ?? (e as Error).message };
  }
}

/** GET every URL with at most `concurrency` in flight; results in the order they finish. */
export async function runWarmUrls(options: WarmUrlsOptions): Promise<UrlResult[]> {
  const results: UrlResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.urls.length && !options.signal?.aborted) {
      const url = options.urls[next++]!;
      const result = await fetchOne(url, options.timeoutMs, options.signal);
      results.push(result);
      options.onResult?.(result, results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.urls.length) }, worker));
  return results;
}

/** keyspace_hits/misses summed over the primaries (INFO is free: it is not a lookup). */
export async function serverLookups(nodes: Redis[]): Promise<HitRateWindow> {
  let hits = 0;
  let misses = 0;
  for (const info of await Promise.all(nodes.map((n) => n.info('stats')))) {
    const read = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    hits += read('keyspace_hits');
    misses += read('keyspace_misses');
  }
  return windowOf(hits, misses);
}

export function windowOf(hits: number, misses: number): HitRateWindow {
  return { hits, misses, hitRate: hits + misses > 0 ? hits / (hits + misses) : null };
}
