import type { MissNamespace } from '../../../shared/contract';
import { displayBytes, fromWire } from '../keys/wire-bytes';

const pct = (part: number, whole: number) => Math.round((100 * part) / whole);

/** Plain sentences a reader can act on, for the namespaces that miss most. */
export function adviceFor(rows: MissNamespace[], totalMisses: number): string[] {
  const out: string[] = [];
  if (totalMisses === 0) return out;
  for (const n of rows.slice(0, 5)) {
    if (n.misses < 10) continue;
    const name = `"${displayBytes(fromWire(n.prefix))}${n.pattern ? '' : '*'}"`;
    out.push(`${pct(n.misses, totalMisses)} % of misses are ${name}.`);
    const soonAfterExpiry = n.delays.afterExpiry.within10s;
    if (soonAfterExpiry >= n.misses * 0.2)
      out.push(`${pct(soonAfterExpiry, n.misses)} % of misses on ${name} come within 10 s of the key expiring: its TTL may be too short for how often it is read.`);
    const evictedAgain = n.delays.afterEviction.within10s + n.delays.afterEviction.within60s;
    if (evictedAgain >= n.misses * 0.2)
      out.push(`${pct(evictedAgain, n.misses)} % of misses on ${name} are keys evicted less than a minute before: maxmemory is too small for the working set.`);
    if (n.causes.afterDelete >= n.misses * 0.3)
      out.push(`${pct(n.causes.afterDelete, n.misses)} % of misses on ${name} follow a delete by a client: invalidation, maybe broader than needed.`);
    if (n.causes.cold >= n.misses * 0.5 && n.writes < n.misses * 0.5)
      out.push(`Most misses on ${name} are cold and few of them are written back: keys read but never cached (or cached under another name).`);
  }
  return out;
}
