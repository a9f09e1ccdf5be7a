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
 *   whose nil cannot tell a missing key from a wrong-typed one;
 * - a JSON string: one GET, as a string key;
 * - JSON in a hash field: EXISTS + HGET, as the hash.
 * A transaction refused whole (EXECABORT, e.g. NOPERM) ran nothing and records nothing.
 * The read runs as a ledger batch, so it falls wholly on one side of the INFO poll and the
 * dashboard's per-interval subtraction is exact.
 */
export function readAppStats(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  return ledger.batch(() => readCounted(client, config, ledger));
}

async function readCounted(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  switch (config.kind) {
    case 'hash':
      return readHash(client, config, ledger);
    case 'strings':
      return readStrings(client, config, ledger);
    case 'json':
      return readJsonString(client, config, ledger);
    case 'hash-json':
      return readJsonInHash(client, config, ledger);
  }
}

const nulls = (fields: string[]): Record<string, number | null> => Object.fromEntries(fields.map((f) => [f, null]));

async function readHash(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  const fields = config.fields;
  const replies = await client.multi().exists(config.key).hmget(config.key, ...fields).exec();
  if (!replies) throw new Error('The transaction was discarded.');
  const [[existsErr, exists], [hmgetErr, raw]] = replies as [[Error | null, unknown], [Error | null, unknown]];
  if (existsErr) throw existsErr;
  const existed = Number(exists) > 0;
  ledger.record(existed ? 2 : 0, existed ? 0 : 2);
  const values: Record<string, number | null> = {};
  const list = Array.isArray(raw) ? raw : [];
  fields.forEach((f, i) => (values[f] = counterValue(list[i])));
  if (!existed) return { values, error: missingWords(config.key) };
  if (isWrongType(hmgetErr)) return { values, error: `${config.key} is not a hash.` };
  if (hmgetErr) throw hmgetErr;
  return { values };
}

async function readStrings(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  const fields = config.fields;
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

/** One GET: nil is a miss; a value, or WRONGTYPE (the key was found), is a hit. */
async function readJsonString(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  const replies = (await client.multi().get(config.key).exec()) as [Error | null, unknown][] | null;
  if (!replies) throw new Error('The transaction was discarded.');
  const [[err, raw]] = replies as [[Error | null, unknown]];
  if (err && !isWrongType(err)) throw err;
  ledger.record(err || raw !== null ? 1 : 0, !err && raw === null ? 1 : 0);
  if (err) return { values: nulls(config.fields), error: `${config.key} is not a string (it holds another type).` };
  if (raw === null) return { values: nulls(config.fields), error: missingWords(config.key) };
  return fromDocument(raw, config.fields, config.key);
}

/** EXISTS + HGET, both hits or both misses as EXISTS tells (HGET counts the key, found or not, like HMGET). */
async function readJsonInHash(client: KeyClient, config: AppStatsConfig, ledger: ReadLedger): Promise<AppStatsValues> {
  const field = config.jsonField ?? '';
  const replies = await client.multi().exists(config.key).hget(config.key, field).exec();
  if (!replies) throw new Error('The transaction was discarded.');
  const [[existsErr, exists], [hgetErr, raw]] = replies as [[Error | null, unknown], [Error | null, unknown]];
  if (existsErr) throw existsErr;
  const existed = Number(exists) > 0;
  ledger.record(existed ? 2 : 0, existed ? 0 : 2);
  const values = nulls(config.fields);
  if (!existed) return { values, error: missingWords(config.key) };
  if (isWrongType(hgetErr)) return { values, error: `${config.key} is not a hash.` };
  if (hgetErr) throw hgetErr;
  if (raw === null) return { values, error: `${config.key} has no field ${field}.` };
  return fromDocument(raw, config.fields, `${config.key} → ${field}`);
}

function missingWords(key: string): string {
  // Stats keys with a TTL (gomeet's 24 h) vanish between app writes: say it is normal.
  return `${key} does not exist (expired, deleted, or not written yet by the app).`;
}

/** The numbers at `paths` in a JSON document; what is not JSON or not a number is named. */
function fromDocument(raw: unknown, paths: string[], where: string): AppStatsValues {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { values: nulls(paths), error: `${where} is not JSON.` };
  }
  const values: Record<string, number | null> = {};
  const absent: string[] = [];
  for (const p of paths) {
    values[p] = jsonNumber(doc, p);
    if (values[p] === null) absent.push(p);
  }
  return absent.length > 0 ? { values, error: `No number at ${absent.join(', ')} in ${where}.` } : { values };
}

/**
 * The number at a top-level member or a dotted path (`cache.hits`). A member whose own name
 * contains dots is found first; numeric strings count (some apps write counters as text).
 */
export function jsonNumber(doc: unknown, path: string): number | null {
  const member = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null && !Array.isArray(o) && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
  let found = member(doc, path);
  if (found === undefined) {
    found = doc;
    for (const step of path.split('.')) {
      found = member(found, step);
      if (found === undefined) break;
    }
  }
  if (typeof found === 'number') return Number.isFinite(found) ? found : null;
  return typeof found === 'string' ? counterValue(found) : null;
}
