import type { AlertRuleId } from '../../../shared/contract/dashboard';

/**
 * How each built-in rule reads in the UI and how its threshold is edited: fractions are shown
 * and typed as percentages (the core stores 0.8; a user types 80).
 */
export interface RuleWords {
  title: string;
  /** "fires when …", completed by the threshold. */
  condition: string;
  unit: string;
  /** Shown value = stored × scale. */
  scale: number;
  hasThreshold: boolean;
  help: string;
}

export const RULE_WORDS: Record<AlertRuleId, RuleWords> = {
  memory: { title: 'Memory high', condition: 'used memory ≥', unit: '% of maxmemory', scale: 100, hasThreshold: true, help: 'Never fires when maxmemory is 0 (no limit).' },
  hitRate: { title: 'Hit rate low', condition: 'hit rate <', unit: '%', scale: 100, hasThreshold: true, help: 'All the lookups of the window together; a window without lookups does not fire.' },
  evictions: { title: 'Evicting keys', condition: 'evictions >', unit: '/s', scale: 1, hasThreshold: true, help: '0 = any eviction.' },
  latency: { title: 'Latency high', condition: 'latency >', unit: 'ms', scale: 1, hasThreshold: true, help: "The server's own p99 per interval (Redis ≥ 7.0; a mean per call before), or the round trip from this machine." },
  disconnected: { title: 'Disconnected', condition: 'the server cannot be reached', unit: '', scale: 1, hasThreshold: false, help: 'Fires when the connection is lost.' },
  imbalance: {
    title: 'Load imbalance',
    condition: 'one primary carries >',
    unit: '% of the ops or memory',
    scale: 100,
    hasThreshold: true,
    help: 'Clusters of 3 or more primaries only; ops count from 50 ops/s in all.',
  },
  evictionSpike: {
    title: 'Eviction rate jump',
    condition: 'evictions/s >',
    unit: '× their trailing baseline',
    scale: 1,
    hasThreshold: true,
    help: 'Baseline: the mean rate over the 10 × "for" (at least 1 min) before the last "for", at least 1/s.',
  },
};

export function ruleTitle(id: AlertRuleId): string {
  return RULE_WORDS[id]?.title ?? id;
}
