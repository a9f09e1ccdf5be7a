import { WireBytes } from '../../../shared/contract';

/**
 * One NDJSON warm line: `{"key", "type", "value", "ttl"}`. Keys and scalar values are text,
 * or `{"base64": …}` for bytes. Collections are JSON structures: hash = object (or
 * `[[field, value]…]` for byte fields), list/set = array, zset = `{member: score}` or
 * `[[member, score]…]`. `ttl` is in seconds (absent, null or -1 = no TTL). A string value
 * that is a JSON object or array is stored as its JSON text (these caches hold JSON strings).
 */
export type WarmItem =
  | { key: Buffer; pttl: number | null; type: 'string'; value: Buffer }
  | { key: Buffer; pttl: number | null; type: 'hash'; value: [Buffer, Buffer][] }
  | { key: Buffer; pttl: number | null; type: 'list' | 'set'; value: Buffer[] }
  | { key: Buffer; pttl: number | null; type: 'zset'; value: [Buffer, number][] };

export const WARM_TYPES = ['string', 'hash', 'list', 'set', 'zset'] as const;
/** Redis types a warm line cannot write: named back in the error (anything else is the file's own text, not echoed). */
const OTHER_TYPES = ['stream', 'rejson-rl', 'json', 'tsdb-type', 'mbbloom--'];

class LineError extends Error {}

function bytes(v: unknown, what: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'number' && Number.isFinite(v)) return Buffer.from(String(v));
  const wire = WireBytes.safeParse(v);
  if (wire.success) {
    if ('utf8' in wire.data) return Buffer.from(wire.data.utf8, 'utf8');
    const b = Buffer.from(wire.data.base64, 'base64');
    if (b.toString('base64') !== wire.data.base64) throw new LineError(`${what} has invalid base64`);
    return b;
  }
  throw new LineError(`${what} must be text, a number or {"base64": …}`);
}

function isWire(v: unknown): boolean {
  return WireBytes.safeParse(v).success;
}

function score(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new LineError(`${what} must be a number`);
  return n;
}

function pairs(v: unknown, what: string): [unknown, unknown][] {
  if (Array.isArray(v)) {
    return v.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new LineError(`${what} item ${i + 1} must be a [a, b] pair`);
      return [p[0], p[1]] as [unknown, unknown];
    });
  }
  if (v !== null && typeof v === 'object') return Object.entries(v);
  throw new LineError(`${what} must be an object or an array of pairs`);
}

function nonEmpty<T>(items: T[], type: string): T[] {
  if (items.length === 0) throw new LineError(`an empty ${type} cannot be stored in Redis`);
  return items;
}

function ttlOf(o: Record<string, unknown>): number | null {
  const ttl = o.ttl;
  if (ttl === undefined || ttl === null || ttl === -1) return null;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) throw new LineError('ttl must be a positive number of seconds, or -1/null for none');
  return Math.max(1, Math.round(ttl * 1000));
}

/** Parse one line; a string is the reason it is not usable. */
export function parseWarmLine(text: string): WarmItem | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Never the parser's message: it quotes the line, and errors must not echo a file's contents.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    return at === undefined ? 'not valid JSON' : `not valid JSON (at character ${Number(at) + 1})`;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'a line must be a JSON object {"key", "type", "value", "ttl"}';
  const o = raw as Record<string, unknown>;
  try {
    const unknownField = Object.keys(o).find((k) => !['key', 'type', 'value', 'ttl'].includes(k));
    if (unknownField) throw new LineError('an unknown field: a line has only "key", "type", "value" and "ttl"');
    if (o.key === undefined) throw new LineError('"key" is missing');
    const key = bytes(o.key, 'key');
    if (key.length === 0) throw new LineError('key is empty');
    const type = o.type === undefined ? 'string' : String(o.type).toLowerCase();
    if (!(WARM_TYPES as readonly string[]).includes(type)) throw new LineError(`${OTHER_TYPES.includes(type) ? `type "${type}"` : '"type"'} is not one of ${WARM_TYPES.join(', ')} (use an undo/backup file for other types)`);
    if (o.value === undefined || o.value === null) throw new LineError('"value" is missing');
    const pttl = ttlOf(o);
    const v = o.value;
    switch (type) {
      case 'string': {
        const value = (typeof v === 'object' && !isWire(v)) || typeof v === 'boolean' ? Buffer.from(JSON.stringify(v)) : bytes(v, 'value');
        return { key, pttl, type, value };
      }
      case 'hash':
        return { key, pttl, type, value: nonEmpty(pairs(v, 'a hash value').map(([f, x], i) => [bytes(f, `field ${i + 1}`), bytes(x, `value of field ${i + 1}`)] as [Buffer, Buffer]), 'hash') };
      case 'list':
      case 'set':
        if (!Array.isArray(v)) throw new LineError(`a ${type} value must be an array`);
        return { key, pttl, type, value: nonEmpty(v.map((x, i) => bytes(x, `element ${i + 1}`)), type) };
      case 'zset':
        return { key, pttl, type, value: nonEmpty(pairs(v, 'a zset value').map(([m, s], i) => [bytes(m, `member ${i + 1}`), score(s, `score of member ${i + 1}`)] as [Buffer, number]), 'zset') };
    }
    return 'unreachable';
  } catch (e) {
    if (e instanceof LineError) return e.message;
    throw e;
  }
}
