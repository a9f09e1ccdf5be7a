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
import { clearedMessage, firedMessage, type ClearCause } from './messages';
import { SampleWindow } from './window';

/**
 * Pure alert evaluation for one connection: a small state machine per rule, fed with metric
 * samples and connection states that carry their own timestamps (no clock, no timers here).
 *
 * A metric rule is evaluated on its window's figure (see SampleWindow): "hit rate < 90 % for
 * 60 s" means Σhits / Σlookups over the last 60 s is below 90 %, as a Prometheus rule over
 * `rate(…[60s])` reads it — a few good seconds inside a bad minute do not hold it off. It fires
 * once a whole window has been observed and its figure is over the limit, and clears once the
 * figure has stayed within the limit for `clearSec` (hysteresis: a figure hovering at the
 * threshold does not fire and clear every poll). Decisions:
 * - No data never raises an alert: a window without lookups (hit rate), without a maxmemory,
 *   or without rates has no figure, which counts as "within the limit".
 * - A gap or reset sample starts the window afresh: a condition seen before a disconnect and
 *   again after it has not been observed across the hole, so it cannot fire at once on
 *   reconnect (no spike-fire). An alert already firing is judged on what the new window holds.
 * - `forSec` 0: the window is the latest sample alone (memory's default: at once).
 * - Metric rules fire only on a sample (evidence); the disconnected rule, whose states do
 *   not arrive periodically, may also fire on `tick(now)`.
 * - Muted rules are not evaluated at all. Muting a firing rule clears it (a 'cleared'
 *   event, so every view drops it); unmuting starts from scratch.
 */

interface RuleState {
  /** Firing: when the window that first went over the limit began. Disconnected: when it started holding. */
  since: number | null;
  firing: boolean;
  /** Firing, but the figure has been within the limit since then (null when it is over). */
  recoveringSince: number | null;
  value: number | null;
  message: string;
}

const idle = (): RuleState => ({ since: null, firing: false, recoveringSince: null, value: null, message: '' });

/** Fill in every rule (saved fields over the defaults' — the eviction policy's, see policy-defaults.ts), in the contract's order. */
export function completeRules(saved: readonly AlertRule[] | undefined, defaults: readonly AlertRule[] = DEFAULT_ALERT_RULES): AlertRule[] {
  return ALERT_RULE_IDS.map((id) => ({ ...defaults.find((r) => r.id === id)!, ...saved?.find((r) => r.id === id) }));
}

/** Whether a rule's figure is over its limit. */
export function breaches(rule: AlertRule, value: number | null): boolean {
  if (value === null) return false;
  switch (rule.id) {
    case 'memory':
      return value >= rule.threshold; // "≥ 80 % of maxmemory"
    case 'hitRate':
      return value < rule.threshold;
    case 'evictions':
    case 'latency':
    case 'imbalance':
      return value > rule.threshold;
    case 'disconnected':
      return false; // decided by connection states, never by samples
    case 'evictionSpike':
      return value > rule.threshold;
  }
}

export class ConnectionAlerts {
  private rules: AlertRule[];
  private readonly states = new Map<AlertRuleId, RuleState>();
  private readonly window = new SampleWindow();
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
    const now = sample.ts;
    this.window.push(sample, Math.max(...this.rules.map((r) => r.forSec)) * 1000);
    for (const rule of this.rules) {
      if (rule.muted || rule.id === 'disconnected') continue;
      const ms = rule.forSec * 1000;
      const { value, detail } = this.window.figure(rule, now, ms, rule.id === 'evictionSpike' ? this.evictions.at(now, rule.forSec) : null);
      const st = this.state(rule.id);
      if (!breaches(rule, value)) {
        if (st.firing && rule.clearSec > 0) {
          st.recoveringSince ??= now;
          st.value = value;
          if (now - st.recoveringSince < rule.clearSec * 1000) continue;
        }
        this.stop(rule, now, value, 'recovered', events);
        continue;
      }
      st.recoveringSince = null;
      st.value = value;
      if (st.firing) st.message = firedMessage(rule, value, detail);
      else if (this.window.covers(now, ms)) {
        st.since = now - ms;
        this.fire(rule, now, value, events, firedMessage(rule, value, detail));
      }
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
