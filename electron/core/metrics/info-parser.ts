/**
 * Parse the text of Redis `INFO`. Keeps every field (unknown and module ones too) as a
 * string, grouped by section; `dbN:keys=…,expires=…` and other `a=b,c=d` values are
 * expanded on demand by `parseKvList`.
 */
export interface ParsedInfo {
  /** Section name (lower-case, e.g. `stats`) → field → raw value. */
  sections: Record<string, Record<string, string>>;
  /** Every field flattened (later sections win on a clash, which INFO never has). */
  fields: Record<string, string>;
}

export function parseInfo(text: string): ParsedInfo {
  const sections: Record<string, Record<string, string>> = {};
  const fields: Record<string, string> = {};
  let current: Record<string, string> = (sections['default'] = {});
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim().toLowerCase();
      current = sections[name] ??= {};
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a field line; INFO never has these, tolerate them
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    current[key] = value;
    fields[key] = value;
  }
  if (Object.keys(sections['default'] ?? {}).length === 0) delete sections['default'];
  return { sections, fields };
}

/** `keys=1,expires=0,avg_ttl=0` → `{ keys: '1', expires: '0', avg_ttl: '0' }`. */
export function parseKvList(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function num(fields: Record<string, string>, key: string): number | null {
  const v = fields[key];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export interface KeyspaceEntry {
  db: number;
  keys: number;
  expires: number;
  avgTtlMs: number;
}

/** The `# Keyspace` section as numbers, sorted by db index. */
export function keyspaceOf(info: ParsedInfo): KeyspaceEntry[] {
  const out: KeyspaceEntry[] = [];
  for (const [key, value] of Object.entries(info.sections['keyspace'] ?? {})) {
    const m = /^db(\d+)$/.exec(key);
    if (!m) continue;
    const kv = parseKvList(value);
    out.push({
      db: Number(m[1]),
      keys: Number(kv['keys'] ?? 0) || 0,
      expires: Number(kv['expires'] ?? 0) || 0,
      avgTtlMs: Number(kv['avg_ttl'] ?? 0) || 0,
    });
  }
  return out.sort((a, b) => a.db - b.db);
}
