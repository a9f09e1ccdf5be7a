import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, type AlertEvent, type AlertRule } from '../../shared/contract';
import { ConnectionAlerts, completeRules } from '../../electron/core/alerts/evaluate';
import { defaultRulesFor, sameAsDefault } from '../../electron/core/alerts/policy-defaults';
import { metricSample } from '../helpers/metric-sample';

const T0 = 1_700_000_000_000;
const sec = (s: number) => T0 + s * 1000;
const kinds = (events: AlertEvent[]) => events.map((e) => `${e.rule}:${e.kind}`);
const rule = (rules: AlertRule[], id: AlertRule['id']) => rules.find((r) => r.id === id)!;

/** Feed one sample a second from `from` to `to` (exclusive) with this eviction rate; all events. */
function feed(a: ConnectionAlerts, from: number, to: number, evictedPerSec: number | null | ((s: number) => number), over = {}): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (let s = from; s < to; s++)
    events.push(...a.onSample(metricSample(sec(s), { evictedPerSec: typeof evictedPerSec === 'function' ? evictedPerSec(s) : evictedPerSec, memoryFraction: 0.99, ...over })));
  return events;
}

describe('default alert rules follow the eviction policy', () => {
  it.each(['allkeys-lru', 'allkeys-lfu'])('under %s: memory and "any eviction" start muted and say why; the eviction alert is a rate jump', (policy) => {
    const rules = defaultRulesFor(policy);
    expect(rule(rules, 'memory')).toMatchObject({ muted: true, note: expect.stringContaining(`under ${policy}: memory at maxmemory is the design`) });
    expect(rule(rules, 'evictions')).toMatchObject({ muted: true, note: expect.stringContaining('a steady eviction rate is normal') });
    expect(rule(rules, 'evictionSpike')).toMatchObject({ muted: false, threshold: 3, forSec: 60 });
    expect(rule(rules, 'hitRate')).toEqual(rule(DEFAULT_ALERT_RULES, 'hitRate'));
  });

  it.each(['noeviction', 'volatile-lru', 'unknown', undefined])('under %s: the plain rules, the rate-jump rule off with a reason', (policy) => {
    const rules = defaultRulesFor(policy);
    for (const id of ['memory', 'hitRate', 'evictions', 'latency', 'disconnected', 'imbalance'] as const) expect(rule(rules, id)).toEqual(rule(DEFAULT_ALERT_RULES, id));
    expect(rule(rules, 'evictionSpike')).toMatchObject({ muted: true, note: expect.stringContaining('any eviction is news there') });
  });

  it('a rule is "the default" whatever its note says, and differs on any setting', () => {
    const lru = defaultRulesFor('allkeys-lru');
    expect(sameAsDefault({ ...rule(lru, 'memory'), note: undefined }, lru)).toBe(true);
    expect(sameAsDefault({ ...rule(lru, 'memory'), muted: false }, lru)).toBe(false);
    expect(sameAsDefault({ ...rule(lru, 'evictionSpike'), threshold: 5 }, lru)).toBe(false);
  });

  it('under allkeys-lru defaults, a full cache evicting steadily raises nothing, for an hour', () => {
    const a = new ConnectionAlerts('c1', completeRules(undefined, defaultRulesFor('allkeys-lru')));
    // ±20 % noise around 200 evictions/s, memory at 99 % of maxmemory all along.
    expect(feed(a, 0, 3600, (s) => 200 * (1 + 0.2 * Math.sin(s / 7)))).toEqual([]);
    expect(a.active()).toEqual([]);
  });

  it('the same traffic under the plain defaults fires memory at once and evictions after a minute', () => {
    const a = new ConnectionAlerts('c1', completeRules(undefined, defaultRulesFor('noeviction')));
    expect(kinds(feed(a, 0, 120, 200))).toEqual(['memory:fired', 'evictions:fired']);
  });
});

describe('eviction rate jump: a change in the rate against its trailing baseline', () => {
  const lru = () => new ConnectionAlerts('c1', completeRules(undefined, defaultRulesFor('allkeys-lru')));

  it('fires when the minute\'s eviction rate is above 3× the 10 min before, and clears once the new rate is the normal', () => {
    const a = lru();
    expect(feed(a, 0, 900, 50)).toEqual([]);
    // A rule over a window reads the window's rate (issue 18): 400/s for t s of the last 60 is
    // (400t + 50(60 − t)) / 60, above 3 × 50 once t > 17.1 s — not before.
    expect(feed(a, 900, 917, 400)).toEqual([]);
    const fired = feed(a, 917, 961, 400);
    expect(kinds(fired)).toEqual(['evictionSpike:fired']);
    expect(fired[0]!.value).toBeGreaterThan(3);
    expect(fired[0]!.value).toBeLessThan(3.2);
    expect(fired[0]!.message).toMatch(/^Eviction rate jump: 15\d\.\d evictions\/s, 3\.\d× the 10 min before \(50\.0\/s\) over 1 min \(alert above 3× its trailing baseline\)$/);
    // The jump enters the baseline; once under 3× for clearSec (120 s) the alert clears by itself.
    const later = feed(a, 961, 1900, 400);
    expect(kinds(later)).toEqual(['evictionSpike:cleared']);
    expect(later[0]!.at).toBeLessThan(sec(1500));
  });

  it('needs history: nothing fires until half the baseline span has been seen', () => {
    const a = lru();
    expect(feed(a, 0, 200, 5)).toEqual([]);
    // 80× the first 200 s, but the baseline (the 10 min ending a minute ago) has < 5 min of samples.
    expect(feed(a, 200, 360, 400)).toEqual([]);
  });

  it('a baseline of almost nothing counts as 1/s: a trickle starting is no jump, a burst is', () => {
    const a = lru();
    expect(feed(a, 0, 700, 0)).toEqual([]);
    expect(feed(a, 700, 800, 2)).toEqual([]);
    expect(kinds(feed(a, 800, 870, 50))).toEqual(['evictionSpike:fired']);
  });

  it('a falling rate or a gap (null rate) never fires', () => {
    const a = lru();
    expect(feed(a, 0, 700, 300)).toEqual([]);
    expect(feed(a, 700, 800, 10)).toEqual([]);
    expect(feed(a, 800, 900, null)).toEqual([]);
  });
});
