/** Pure parsing for the warm-up forms (unit-tested). */
import { MAX_WARM_UPLOAD_BYTES } from '../../../../shared/contract/limits';

export interface UrlLines {
  urls: string[];
  errors: { line: number; reason: string }[];
}

/** One GET endpoint per line; blank lines and `#` comments are skipped; only http(s) URLs. */
export function parseUrlLines(text: string): UrlLines {
  const out: UrlLines = { urls: [], errors: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let protocol = '';
    try {
      protocol = new URL(line).protocol;
    } catch {
      out.errors.push({ line: i + 1, reason: `"${line}" is not a URL` });
      return;
    }
    if (protocol !== 'http:' && protocol !== 'https:') out.errors.push({ line: i + 1, reason: `"${line}" is not an http:// or https:// URL` });
    else out.urls.push(line);
  });
  return out;
}

/** A whole number within bounds, or the reason it is not. */
export function parseBounded(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number.`;
  const n = Number(t);
  return n < min || n > max ? `${what} must be between ${min} and ${max}.` : n;
}

/** The cap on a warm file sent from the browser: the serve-mode frame limit is sized from the same constant. */
export const MAX_WARM_CONTENT = MAX_WARM_UPLOAD_BYTES;

export interface UrlsForm {
  urls: string;
  concurrency: string;
  timeoutMs: string;
}

/** The form as a recipe's fields, or the reason it is not one yet. */
export function urlsFromForm(form: UrlsForm): { urls: string[]; concurrency: number; timeoutMs: number } | string {
  const { urls, errors } = parseUrlLines(form.urls);
  if (errors.length > 0) return `Line ${errors[0]!.line}: ${errors[0]!.reason}`;
  if (urls.length === 0) return 'Add at least one URL, one per line.';
  if (urls.length > 5000) return 'At most 5000 URLs per warm-up.';
  const concurrency = parseBounded(form.concurrency, 1, 64, 'Concurrency');
  if (typeof concurrency === 'string') return concurrency;
  const timeoutMs = parseBounded(form.timeoutMs, 100, 120_000, 'The timeout (ms)');
  if (typeof timeoutMs === 'string') return timeoutMs;
  return { urls, concurrency, timeoutMs };
}
