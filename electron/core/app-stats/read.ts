import type { KeyClient } from '../redis/target';
import type { AppStatsConfig } from '../../../shared/contract';
import type { ReadLedger } from '../metrics/read-ledger';

export interface AppStatsValues {
  values: Record<string, number | null>;
  /** Why some or all values are missing, in words. */
  error?: string;
}

/** Counter text → number; anything else (a JSON blob, a date) is not charted. */
export function counterValue(raw: unknown): number | null {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : null;
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

const isWrongType = (e: Error | null) => e !== null && /^WRONGTYPE/.test(e.message);

/**
 * Read the app's counters in one transaction (a consistent snapshot: hits and misses from the
 * same instant) and record every keyspace lookup it made in the ledger, so the dashboard's
 * hit rate does not count them (invariant 8). Measured on Redis 7: HMGET is one lookup per
 * call, a hit whenever the key exists, even if none of the fields do; MGET and GET are one
 * per key, and a key of the wrong type counts as a hit although MGET answers nil. So:
 * - hash: EXISTS + HMGET, both hits or both misses, as EXISTS tells (an all-nil HMGET alone
 *   cannot tell a missing key from a hash without those fields);
 * - strings: one GET per key (nil = miss; a value or WRONGTYPE = hit) instead of MGET,
 *   whose nil cannot tell a missing key from a wrong-typed one.
 * A transaction refused whole (EXECABORT, e.g. NOPERM) ran nothing and records nothing.
 * The read runs as a ledger batch, so it falls wholly on one side of the INFO poll and the
 * dashboard's per-interval subtraction is exact.
 */
export function readAppStats(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  return ledger.batch(() => readCounted(client, config, ledger));
}

async function readCounted(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  const fields = config.fields;
  if (config.kind === 'hash') {
    const replies = await client.multi().exists(config.key).hmget(config.key, ...fields).exec();
    if (!replies) throw new Error('The transaction was discarded.');
    const [[existsErr, exists], [hmgetErr, raw]] = replies as [[Error | null, unknown], [Error | null, unknown]];
    if (existsErr) throw existsErr;
    const existed = Number(exists) > 0;
    ledger.record(existed ? 2 : 0, existed ? 0 : 2);
    const values: Record<string, number | null> = {};
    const list = Array.isArray(raw) ? raw : [];
    fields.forEach((f, i) => (values[f] = counterValue(list[i])));
    if (!existed) return { values, error: `${config.key} does not exist.` };
    if (isWrongType(hmgetErr)) return { values, error: `${config.key} is not a hash.` };
    if (hmgetErr) throw hmgetErr;
    return { values };
  }
  const tx = client.multi();
  for (const key of fields) tx.get(key);
  const replies = (await tx.exec()) as [Error | null, unknown][] | null;
  if (!replies) throw new Error('The transaction was discarded.');
  const values: Record<string, number | null> = {};
  const problems: string[] = [];
  let hits = 0;
  let misses = 0;
  replies.forEach(([err, raw], i) => {
    const key = fields[i]!;
    values[key] = null;
    if (isWrongType(err)) {
      hits++;
      problems.push(`${key} is not a string`);
    } else if (err) {
      problems.push(`${key}: ${err.message}`);
    } else if (raw === null) {
      misses++;
      problems.push(`${key} does not exist`);
    } else {
      hits++;
      values[key] = counterValue(raw);
    }
  });
  ledger.record(hits, misses);
  return problems.length > 0 ? { values, error: `${problems.join('; ')}.` } : { values };
}
