import { DEFAULT_ALERT_RULES, type AlertRule } from '../../../shared/contract';

/** Policies under which the whole keyspace is a cache: filling maxmemory and evicting is how it works. */
export function isCachePolicy(policy: string | undefined): boolean {
  return policy === 'allkeys-lru' || policy === 'allkeys-lfu' || policy === 'allkeys-random';
}

/**
 * The default rules for a server's eviction policy (from INFO memory's maxmemory_policy).
 * Under allkeys-* memory near maxmemory and a steady eviction rate are the design (hypersdk
 * runs allkeys-lru at 1 GB and evicts all day): the memory and "any eviction" rules would fire
 * constantly and be muted by hand, so they start muted and say why, and the eviction alert is
 * a jump of the rate above its own trailing baseline. Other policies (noeviction, volatile-*,
 * unknown) keep the plain rules: there an eviction, or memory at the limit, is news.
 */
export function defaultRulesFor(policy: string | undefined): AlertRule[] {
  const cache = isCachePolicy(policy);
  return DEFAULT_ALERT_RULES.map((r): AlertRule => {
    if (!cache)
      return r.id === 'evictionSpike'
        ? { ...r, note: `Off by default under ${policy && policy !== 'unknown' ? policy : 'this policy'}: any eviction is news there ("Evicting keys"). Turn it on for a cache that evicts by design.` }
        : r;
    switch (r.id) {
      case 'memory':
        return { ...r, muted: true, note: `Off by default under ${policy}: memory at maxmemory is the design, Redis evicts keys to stay there.` };
      case 'evictions':
        return { ...r, muted: true, note: `Off by default under ${policy}: a steady eviction rate is normal for a cache that fills its memory; "Eviction rate jump" watches for a change instead.` };
      case 'evictionSpike':
        return { ...r, muted: false, note: `On by default under ${policy}: evictions are normal here, a jump in their rate (a burst of writes, bigger values, a smaller maxmemory) is not.` };
      default:
        return r;
    }
  });
}

/** A rule as saved: the core's note is not the user's choice. */
export function withoutNote({ note: _note, ...rule }: AlertRule): AlertRule {
  return rule;
}

/** Does a rule say the same as the default (notes aside)? Such a rule is not saved, so it keeps following the policy. */
export function sameAsDefault(rule: AlertRule, defaults: readonly AlertRule[]): boolean {
  const d = defaults.find((x) => x.id === rule.id);
  return d !== undefined && JSON.stringify(withoutNote(d)) === JSON.stringify(withoutNote({ ...d, ...rule }));
}
