/**
 * A memory size as redis.conf writes it: `64mb`, `1gb`, `500k`, or bytes. As in Redis, `k`/`m`/`g`
 * are powers of 1000 and `kb`/`mb`/`gb` powers of 1024. Returns bytes, or null when unreadable.
 */
export function parseMemorySize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?\s*$/i.exec(text);
  if (!m) return null;
  const units: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  const bytes = Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!;
  return Number.isSafeInteger(Math.round(bytes)) ? Math.round(bytes) : null;
}
