import type { AlertRule, LatencyOf } from '../../../../shared/contract/dashboard';
import { RULE_WORDS } from '../../app/alert-words';

/** A rule as the inputs hold it: the threshold in display units (80 for 0.8), as text. */
export interface RuleDraft {
  id: AlertRule['id'];
  threshold: string;
  forSec: string;
  clearSec: string;
  muted: boolean;
  /** The latency rule's choice (see AlertRule.latencyOf); absent on the others and when never chosen. */
  latencyOf?: LatencyOf;
}

/** What the latency rule can read, in words. */
export const LATENCY_CHOICES: { value: LatencyOf; label: string }[] = [
  { value: 'mix', label: 'server p99 · all app commands' },
  { value: 'cmd:get', label: 'server p99 · GET' },
  { value: 'cmd:set', label: 'server p99 · SET' },
  { value: 'roundTrip', label: 'round trip from this machine' },
];

export const toDraft = (r: AlertRule): RuleDraft => ({
  id: r.id,
  // Round away float noise: 0.7 × 100 is 70.00000000000001.
  threshold: String(Number((r.threshold * RULE_WORDS[r.id].scale).toPrecision(10))),
  forSec: String(r.forSec),
  clearSec: String(r.clearSec),
  muted: r.muted,
  ...(r.latencyOf ? { latencyOf: r.latencyOf } : {}),
});

/** Drafts → rules, or the first problem in words. */
export function fromDrafts(drafts: RuleDraft[]): { ok: true; rules: AlertRule[] } | { ok: false; message: string } {
  const rules: AlertRule[] = [];
  for (const d of drafts) {
    const words = RULE_WORDS[d.id];
    const shown = Number(d.threshold);
    if (words.hasThreshold && (d.threshold.trim() === '' || !Number.isFinite(shown) || shown < 0)) return { ok: false, message: `${words.title}: the threshold must be a number of 0 or more.` };
    if (words.scale === 100 && shown > 100) return { ok: false, message: `${words.title}: a percentage goes up to 100.` };
    const forSec = Number(d.forSec);
    if (!/^\d+$/.test(d.forSec.trim()) || forSec > 86_400) return { ok: false, message: `${words.title}: "for" must be whole seconds, 0 to 86400.` };
    const clearSec = Number(d.clearSec);
    if (!/^\d+$/.test(d.clearSec.trim()) || clearSec > 86_400) return { ok: false, message: `${words.title}: "clear after" must be whole seconds, 0 to 86400.` };
    rules.push({ id: d.id, threshold: words.hasThreshold ? shown / words.scale : 0, forSec, clearSec, muted: d.muted, ...(d.latencyOf ? { latencyOf: d.latencyOf } : {}) });
  }
  return { ok: true, rules };
}

