import { num, parseKvList, type ParsedInfo } from './info-parser';

/** Counters and sizes that add up across primaries: the cache's figure is the sum of its shards'. */
const SUMMED = [
  'keyspace_hits',
  'keyspace_misses',
  'total_commands_processed',
  'instantaneous_ops_per_sec',
  'evicted_keys',
  'expired_keys',
  'rejected_connections',
  'total_net_input_bytes',
  'total_net_output_bytes',
  'used_cpu_sys',
  'used_cpu_user',
  'used_memory',
  'used_memory_peak',
  'used_memory_rss',
  'maxmemory',
  'connected_clients',
  'blocked_clients',
  'total_connections_received',
];

/**
 * One INFO for a cache of several primaries: summed counters, the keyspace summed per db, the
 * youngest uptime and every run_id joined — so a restart or failover of any primary is a reset
 * of the whole (the derive step then starts a new baseline instead of charting a false drop).
 * Everything else (version, policy, role, persistence) is the first primary's. One node: itself.
 */
export function mergeInfo(infos: ParsedInfo[]): ParsedInfo {
  if (infos.length === 1) return infos[0]!;
  const first = infos[0] ?? { sections: {}, fields: {} };
  const fields: Record<string, string> = { ...first.fields };
  for (const name of SUMMED) {
    let total = 0;
    let seen = false;
    for (const info of infos) {
      const v = num(info.fields, name);
      if (v !== null) {
        total += v;
        seen = true;
      }
    }
    if (seen) fields[name] = String(Number.isInteger(total) ? total : Number(total.toFixed(6)));
  }
  fields['run_id'] = infos.map((i) => i.fields['run_id'] ?? '').join(',');
  const uptimes = infos.map((i) => num(i.fields, 'uptime_in_seconds')).filter((u): u is number => u !== null);
  if (uptimes.length) fields['uptime_in_seconds'] = String(Math.min(...uptimes));
  // A primary without a limit makes the cache's limit unknown: "no limit", never a false fraction.
  if (infos.some((i) => (num(i.fields, 'maxmemory') ?? 0) === 0)) fields['maxmemory'] = '0';
  const keyspace: Record<string, string> = {};
  const dbs = new Map<string, { keys: number; expires: number; ttlSum: number }>();
  for (const info of infos) {
    for (const [db, value] of Object.entries(info.sections['keyspace'] ?? {})) {
      const kv = parseKvList(value);
      const keys = Number(kv['keys'] ?? 0);
      const d = dbs.get(db) ?? { keys: 0, expires: 0, ttlSum: 0 };
      d.keys += keys;
      d.expires += Number(kv['expires'] ?? 0);
      d.ttlSum += Number(kv['avg_ttl'] ?? 0) * Number(kv['expires'] ?? 0);
      dbs.set(db, d);
    }
  }
  for (const [db, d] of dbs) {
    const value = `keys=${d.keys},expires=${d.expires},avg_ttl=${d.expires ? Math.round(d.ttlSum / d.expires) : 0}`;
    keyspace[db] = value;
    fields[db] = value;
  }
  for (const name of Object.keys(first.sections['keyspace'] ?? {})) if (!dbs.has(name)) delete fields[name];
  return { sections: { ...first.sections, keyspace }, fields };
}
