import type { AlertEvent, AlertRule, AlertRuleId } from '../../../shared/contract';

/** Short names for titles (notifications, history rows). */
export const RULE_TITLES: Record<AlertRuleId, string> = {
  memory: 'Memory high',
  hitRate: 'Hit rate low',
  evictions: 'Evicting keys',
  latency: 'Latency high',
  disconnected: 'Disconnected',
  imbalance: 'Load imbalance',
  evictionSpike: 'Eviction rate jump',
};

const pct = (f: number) => `${(f * 100).toFixed(f >= 0.995 || f < 0.1 ? 1 : 0)} %`;
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));

function observed(rule: AlertRule, value: number | null): string {
  if (value === null) return 'no data';
  switch (rule.id) {
    case 'memory':
      return `${pct(value)} of maxmemory`;
    case 'hitRate':
      return `${pct(value)} hit rate`;
    case 'evictions':
      return `${num(value)} evictions/s`;
    case 'latency':
      return `${num(value)} ms ${latencyWords(rule)}`;
    case 'disconnected':
      return '';
    case 'imbalance':
      return `${pct(value)} on one primary`;
    case 'evictionSpike':
      return `${num(value)}× the usual eviction rate`;
  }
}

function limit(rule: AlertRule): string {
  switch (rule.id) {
    case 'memory':
      return `alert at ${pct(rule.threshold)}`;
    case 'hitRate':
      return `alert below ${pct(rule.threshold)}`;
    case 'evictions':
      return `alert above ${num(rule.threshold)}/s`;
    case 'latency':
      return `alert above ${num(rule.threshold)} ms`;
    case 'disconnected':
      return '';
    case 'imbalance':
      return `alert above ${pct(rule.threshold)} on one primary`;
    case 'evictionSpike':
      return `alert above ${num(rule.threshold)}× its trailing baseline`;
  }
}

/** Which latency a rule reads, in words. */
export function latencyWords(rule: AlertRule): string {
  const of = rule.latencyOf ?? 'mix';
  if (of === 'roundTrip') return 'round trip (median of the poll\'s pings)';
  return of === 'mix' ? 'server p99 (all app commands)' : `server p99 of ${of.slice('cmd:'.length).toUpperCase()}`;
}

const overText = (sec: number) => (sec <= 0 ? '' : sec % 60 === 0 ? ` over ${sec / 60} min` : ` over ${sec} s`);
const forText = (sec: number) => (sec <= 0 ? '' : sec % 60 === 0 ? ` for ${sec / 60} min` : ` for ${sec} s`);

/**
 * The sentence on a fired alert, e.g. "Memory at 86 % of maxmemory (alert at 80 %)". `detail`:
 * the disconnect's reason, or the words naming where (the hot primary) that replace the value's.
 */
export function firedMessage(rule: AlertRule, value: number | null, detail?: string): string {
  if (rule.id === 'disconnected') return detail ? `Disconnected: ${detail}` : 'Disconnected from the server.';
  return `${RULE_TITLES[rule.id]}: ${detail ?? observed(rule, value)}${overText(rule.forSec)} (${limit(rule)})`;
}

export type ClearCause = 'recovered' | 'muted' | 'closed';

export function clearedMessage(rule: AlertRule, value: number | null, cause: ClearCause): string {
  if (cause === 'muted') return `${RULE_TITLES[rule.id]}: rule muted`;
  if (cause === 'closed') return `${RULE_TITLES[rule.id]}: connection closed`;
  if (rule.id === 'disconnected') return 'Connected again.';
  return `${RULE_TITLES[rule.id]} resolved: ${observed(rule, value)}${rule.clearSec > 0 ? `, back within the limit${forText(rule.clearSec)}` : ''}`;
}

/** What a desktop notification says for an event; null for events that must not notify. */
export function notificationFor(event: AlertEvent): { title: string; body: string } | null {
  if (event.kind !== 'fired') return null;
  const where = event.connectionName ?? event.connectionId;
  return { title: `${RULE_TITLES[event.rule]} — ${where}`, body: event.message };
}
