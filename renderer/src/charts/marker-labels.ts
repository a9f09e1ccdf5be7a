import type { ChartMarker } from '../../../shared/chart-series';

/**
 * Which marker lines carry a label, and what it says. Markers a few seconds apart (a node down,
 * the cluster failing, the failover, the cluster ok again) would pile their labels into one
 * smudge at the chart's scale: a run of close markers gets one label, on its last line, naming
 * the most consequential change and how many more there were ("failover +3"). Every line stays;
 * the tooltip at each point still has its own sentences. Gaps are areas with their own label. Pure.
 */

const WORDS: Record<ChartMarker['kind'], string> = { gap: 'unreachable', restart: 'restart', 'stats-reset': 'stats reset', topology: 'topology' };

/** Most consequential first; a label's first words are matched ("failover +1" is a failover). */
const RANK = ['failover', 'new primary', 'restart', 'node down', 'cluster state', 'stats reset', 'slots moved', 'node up', 'topology'];

const baseLabel = (m: ChartMarker) => (m.label ?? WORDS[m.kind]).replace(/ \+\d+$/, '');
/** How many changes a marker stands for: its sentences, or one. */
const countOf = (m: ChartMarker) => Math.max(1, m.details?.length ?? 0);
const rankOf = (label: string) => {
  const i = RANK.findIndex((r) => label.startsWith(r));
  return i < 0 ? RANK.length : i;
};

/**
 * One entry per marker (same order): its label text, or null for a line drawn without one.
 * `minGap`: markers closer than this (in the x unit, ms) share a label.
 */
export function markerLabels(markers: readonly ChartMarker[], minGap: number): (string | null)[] {
  const out: (string | null)[] = markers.map(() => null);
  const lines = markers.map((m, i) => ({ m, i })).filter(({ m }) => m.kind !== 'gap');
  let group: typeof lines = [];
  const flush = () => {
    if (group.length === 0) return;
    const best = group.reduce((a, b) => (rankOf(baseLabel(b.m)) < rankOf(baseLabel(a.m)) ? b : a));
    const more = group.reduce((n, g) => n + countOf(g.m), 0) - 1;
    const single = group.length === 1 ? (group[0]!.m.label ?? WORDS[group[0]!.m.kind]) : null;
    out[group[group.length - 1]!.i] = single ?? `${baseLabel(best.m)}${more > 0 ? ` +${more}` : ''}`;
    group = [];
  };
  for (const line of lines) {
    const first = group[0];
    if (first && line.m.to - first.m.to >= minGap) flush();
    group.push(line);
  }
  flush();
  return out;
}
