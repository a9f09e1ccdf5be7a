import type { MetricSample, TopologyEvent } from '../../../../shared/contract/metrics';

/** The nodes view's log: every topology event the held samples carry, newest first, each once. Pure. */
export function topologyLog(samples: readonly MetricSample[], limit = 200): TopologyEvent[] {
  const seen = new Set<string>();
  const out: TopologyEvent[] = [];
  for (let i = samples.length - 1; i >= 0 && out.length < limit; i--) {
    const events = samples[i]!.topology;
    if (!events) continue;
    // Within one poll the core lists events in the order they happened: newest first means last first.
    for (let j = events.length - 1; j >= 0 && out.length < limit; j--) {
      const e = events[j]!;
      // A minute aggregate repeats its samples' events; the same event is logged once.
      const id = `${e.ts}|${e.kind}|${e.address ?? ''}|${e.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(e);
    }
  }
  return out.sort((a, b) => b.ts - a.ts);
}
