import {
  ALERT_RULE_IDS,
  DEFAULT_ALERT_RULES,
  type ActiveAlert,
  type AlertEvent,
  type AlertRule,
  type AlertRuleId,
  type ConnectionState,
  type MetricSample,
} from '../../../shared/contract';
import { EvictionBaseline } from './eviction-baseline';
import { imbalanceOf } from './imbalance';
import { clearedMessage, firedMessage, type ClearCause } from './messages';

/**
 * Pure alert evaluation for one connection: a small state machine per rule, fed with metric
 * samples and connection states that carry their own timestamps (no clock, no timers here).
 *
 * A rule's condition "holds since T"; it fires once `now - T >= forSec` and clears once it
 * has not held for `clearSec` (hysteresis: a value hovering at the threshold does not fire and
 * clear every poll; a holding sample while recovering cancels the recovery). Decisions:
 * - No data never raises or sustains an alert. A null value (hit rate with no traffic,
 *   memory with no maxmemory, a rate without a baseline after a gap or reset) counts as
 *   "does not hold": it drops a pending condition and clears a firing one. So "hit rate
 *   below 80 % for 1 minute" means a minute of samples that all had traffic and were low.
 * - A gap or reset sample restarts a pending timer: a condition seen before a disconnect
 *   and again after it has not been observed to hold across the hole, so it cannot fire
 *   at once on reconnect (no spike-fire). An alert already firing stays firing.
 * - Metric rules fire only on a sample (evidence); the disconnected rule, whose states do
 *   not arrive periodically, may also fire on `tick(now)`.
 * - Muted rules are not evaluated at all. Muting a firing rule clears it (a 'cleared'
 *   event, so every view drops it); unmuting starts from scratch.
 */

interface RuleState {
  /** When the condition started holding; null when it does not hold. */
  since: number | null;
  firing: boolean;
  /** Firing, but the condition has not held since then (null when it holds). */
  recoveringSince: number | null;
  value: number | null;
  message: string;
}

const idle = (): RuleState => ({ since: null, firing: false, recoveringSince: null, value: null, message: '' });

/** Fill in every rule (saved fields over the defaults' — the eviction policy's, see policy-defaults.ts), in the contract's order. */
export function completeRules(saved: readonly AlertRule[] | undefined, defaults: readonly AlertRule[] = DEFAULT_ALERT_RULES): AlertRule[] {
  return ALERT_RULE_IDS.map((id) => ({ ...defaults.find((r) => r.id === id)!, ...saved?.find((r) => r.id === id) }));
}

/**
 * What one sample says about one metric rule (`detail`: words naming where, for the message).
 * `evictionBaseline`: the eviction rate's trailing baseline (evictionSpike only; null: not enough history).
 */
export function observe(rule: AlertRule, s: MetricSample, evictionBaseline: number | null = null): { holds: boolean; value: number | null; detail?: string } {
  const above = (v: number | null, t: number, inclusive = false) => ({ holds: v !== null && (inclusive ? v >= t : v > t), value: v });
  switch (rule.id) {
    case 'memory':
      return above(s.memoryFraction, rule.threshold, true); // "≥ 80 % of maxmemory"
    case 'hitRate':
      return { holds: s.hitRate !== null && s.hitRate < rule.threshold, value: s.hitRate };
    case 'evictions':
      return above(s.evictedPerSec, rule.threshold);
    case 'latency':
      return above(s.latencyMs, rule.threshold);
    case 'disconnected':
      return { holds: false, value: null }; // decided by connection states, never by samples
    case 'evictionSpike': {
      if (s.evictedPerSec === null || evictionBaseline === null) return { holds: false, value: null };
      const factor = s.evictedPerSec / evictionBaseline;
      const detail = `${s.evictedPerSec.toFixed(1)} evictions/s, ${factor.toFixed(1)}× the ${EvictionBaseline.spanWords(rule.forSec)} before (${evictionBaseline.toFixed(1)}/s)`;
      return { holds: factor > rule.threshold, value: factor, detail };
    }
    case 'imbalance': {
      // No node rows (one server), fewer than 3 primaries up: no data, never an alert.
      const hot = imbalanceOf(s);
      return hot ? { holds: hot.share > rule.threshold, value: hot.share, detail: hot.words } : { holds: false, value: null };
    }
  }
}

export class ConnectionAlerts {
  private rules: AlertRule[];
  private readonly states = new Map<AlertRuleId, RuleState>();
  private readonly evictions = new EvictionBaseline();

  constructor(
    readonly connectionId: string,
    rules: readonly AlertRule[],
  ) {
    this.rules = completeRules(rules);
    for (const id of ALERT_RULE_IDS) this.states.set(id, idle());
  }

  onSample(sample: MetricSample): AlertEvent[] {
    const events: AlertEvent[] = [];
    const fresh = sample.gap === true || sample.reset !== undefined;
    for (const rule of this.rules) {
      if (rule.muted || rule.id === 'disconnected') continue;
      const { holds, value, detail } = observe(rule, sample, rule.id === 'evictionSpike' ? this.evictions.at(sample.ts, rule.forSec) : null);
      const st = this.state(rule.id);
      if (!holds) {
        if (st.firing && rule.clearSec > 0) {
          st.recoveringSince ??= sample.ts;
          if (sample.ts - st.recoveringSince < rule.clearSec * 1000) continue;
        }
        this.stop(rule, sample.ts, value, 'recovered', events);
        continue;
      }
      st.recoveringSince = null;
      if (st.since === null || (fresh && !st.firing)) st.since = sample.ts;
      st.value = value;
      if (!st.firing && sample.ts - st.since >= rule.forSec * 1000) this.fire(rule, sample.ts, value, events, firedMessage(rule, value, detail));
      else if (st.firing) st.message = firedMessage(rule, value, detail);
    }
    this.evictions.add(sample);
    return events;
  }

  /** 'reconnecting' / 'error' hold the disconnected condition, 'ready' ends it; 'connecting' changes nothing. */
  onState(state: ConnectionState, now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    const rule = this.rule('disconnected');
    if (rule.muted) return events;
    const st = this.state('disconnected');
    if (state.status === 'reconnecting' || state.status === 'error') {
      st.since ??= Math.min(state.since, now);
      if (!st.firing) {
        st.message = firedMessage(rule, null, state.reason);
        this.tickRule(rule, now, events);
      }
    } else if (state.status === 'ready') {
      this.stop(rule, now, null, 'recovered', events);
    }
    return events;
  }

  /** Fire what has held long enough without a new observation (only the disconnected rule). */
  tick(now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    const rule = this.rule('disconnected');
    if (!rule.muted) this.tickRule(rule, now, events);
    return events;
  }

  /** When `tick` next has something to decide, or null. */
  nextDeadline(): number | null {
    const rule = this.rule('disconnected');
    const st = this.state('disconnected');
    return !rule.muted && st.since !== null && !st.firing ? st.since + rule.forSec * 1000 : null;
  }

  setRules(rules: readonly AlertRule[], now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    const next = completeRules(rules);
    for (const rule of next) {
      const before = this.rule(rule.id);
      if (rule.muted && !before.muted) this.stop(before, now, this.state(rule.id).value, 'muted', events);
      if (rule.muted !== before.muted) this.states.set(rule.id, idle());
    }
    this.rules = next;
    return events;
  }

  /** The connection was closed by the user: end everything without calling it a recovery. */
  close(now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const rule of this.rules) this.stop(rule, now, this.state(rule.id).value, 'closed', events);
    return events;
  }

  active(): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const rule of this.rules) {
      const st = this.state(rule.id);
      if (st.firing && st.since !== null)
        out.push({ connectionId: this.connectionId, rule: rule.id, since: st.since, value: st.value, message: st.message });
    }
    return out;
  }

  currentRules(): AlertRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  private tickRule(rule: AlertRule, now: number, events: AlertEvent[]): void {
    const st = this.state(rule.id);
    if (st.since !== null && !st.firing && now - st.since >= rule.forSec * 1000) this.fire(rule, now, st.value, events, st.message);
  }

  private fire(rule: AlertRule, at: number, value: number | null, events: AlertEvent[], message = firedMessage(rule, value)): void {
    const st = this.state(rule.id);
    st.firing = true;
    st.value = value;
    st.message = message;
    events.push({ connectionId: this.connectionId, rule: rule.id, kind: 'fired', at, since: st.since ?? at, value, message });
  }

  private stop(rule: AlertRule, at: number, value: number | null, cause: ClearCause, events: AlertEvent[]): void {
    const st = this.state(rule.id);
    if (st.firing)
      events.push({ connectionId: this.connectionId, rule: rule.id, kind: 'cleared', at, since: st.since ?? at, value, message: clearedMessage(rule, value, cause) });
    this.states.set(rule.id, idle());
  }

  private rule(id: AlertRuleId): AlertRule {
    return this.rules.find((r) => r.id === id)!;
  }

  private state(id: AlertRuleId): RuleState {
    return this.states.get(id)!;
  }
}
