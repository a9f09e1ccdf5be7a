import { describe, expect, it } from 'vitest';
import { AlertRule as AlertRuleSchema, DEFAULT_ALERT_RULES, type AlertEvent, type AlertRule, type ConnectionState, type MetricSample, type NodeSample } from '../../shared/contract';
import { ConnectionAlerts, completeRules } from '../../electron/core/alerts/evaluate';
import { notificationFor } from '../../electron/core/alerts/messages';
import { metricSample } from '../helpers/metric-sample';

const T0 = 1_700_000_000_000;
const sec = (s: number) => T0 + s * 1000;

const sample = metricSample;

/** Primary rows with these ops/s and equal memory, at 10.0.0.1:7000, 10.0.0.2:7000… */
function primaries(ops: number[]): NodeSample[] {
  return ops.map((o, i) => ({
    address: `10.0.0.${i + 1}:7000`,
    role: 'primary',
    slots: Math.round(16384 / ops.length),
    up: true,
    latencyMs: 0.2,
    opsPerSec: o,
    hitRate: null,
    usedMemory: 1e6,
    maxMemory: 0,
    keys: 0,
    connectedClients: 1,
    replLagBytes: null,
    linkUp: null,
  }));
}

const state = (status: ConnectionState['status'], since: number, reason?: string): ConnectionState => ({ id: 'c1', status, since, ...(reason ? { reason } : {}) });

/** The default rules without hysteresis (clearSec 0: clear on the first good sample), unless `over` says. */
function rules(over: Partial<Record<AlertRule['id'], Partial<AlertRule>>> = {}): AlertRule[] {
  return DEFAULT_ALERT_RULES.map((r) => ({ ...r, clearSec: 0, ...over[r.id] }));
}

/** 100 lookups at this hit rate. */
const lookups = (rate: number): Partial<MetricSample> => ({ hitRate: rate, hitsDelta: rate * 100, missesDelta: (1 - rate) * 100 });
/** The server's interval latency: the app mix's p99 (µs). */
const p99 = (us: number): MetricSample['serverLatency'] => ({ source: 'histogram', commands: { mix: { p50: us / 2, p99: us, p999: us, calls: 100 } } });

const kinds = (events: AlertEvent[]) => events.map((e) => `${e.rule}:${e.kind}`);

describe('alert rules: firing, clearing, debounce', () => {
  it('memory fires on the first sample at or above the threshold, once, and clears below it', () => {
    const a = new ConnectionAlerts('c1', rules());
    expect(a.onSample(sample(sec(0), { memoryFraction: 0.79 }))).toEqual([]);
    const [fired] = a.onSample(sample(sec(1), { memoryFraction: 0.8 }));
    expect(fired).toMatchObject({ connectionId: 'c1', rule: 'memory', kind: 'fired', at: sec(1), since: sec(1), value: 0.8 });
    expect(fired!.message).toMatch(/80 % of maxmemory/);
    // Still high: one firing, not one event per sample.
    expect(a.onSample(sample(sec(2), { memoryFraction: 0.9 }))).toEqual([]);
    expect(a.active()).toEqual([expect.objectContaining({ rule: 'memory', since: sec(1), value: 0.9 })]);
    const [cleared] = a.onSample(sample(sec(3), { memoryFraction: 0.5 }));
    expect(cleared).toMatchObject({ rule: 'memory', kind: 'cleared', at: sec(3), since: sec(1), value: 0.5 });
    expect(a.active()).toEqual([]);
  });

  it('hysteresis: a firing alert clears only after clearSec back within the limit; a bad sample restarts the wait', () => {
    const a = new ConnectionAlerts('c1', DEFAULT_ALERT_RULES); // memory: clears after 30 s
    expect(kinds(a.onSample(sample(sec(0), { memoryFraction: 0.81 })))).toEqual(['memory:fired']);
    // Hovering at the threshold: no fire/clear pair per poll.
    for (let s = 1; s <= 20; s++) expect(a.onSample(sample(sec(s), { memoryFraction: s % 2 ? 0.79 : 0.8 }))).toEqual([]);
    expect(a.active()).toEqual([expect.objectContaining({ rule: 'memory', since: sec(0) })]);
    // Below from 21 s on: still firing at 50 s (29 s), cleared at 51 s (30 s).
    for (let s = 21; s <= 50; s++) expect(a.onSample(sample(sec(s), { memoryFraction: 0.5 }))).toEqual([]);
    const [cleared] = a.onSample(sample(sec(51), { memoryFraction: 0.5 }));
    expect(cleared).toMatchObject({ rule: 'memory', kind: 'cleared', at: sec(51), since: sec(0), value: 0.5 });
    expect(cleared!.message).toMatch(/back within the limit for 30 s/);
    expect(a.active()).toEqual([]);
    // Muting or closing does not wait.
    a.onSample(sample(sec(60), { memoryFraction: 0.9 }));
    a.onSample(sample(sec(61), { memoryFraction: 0.1 }));
    expect(kinds(a.close(sec(62)))).toEqual(['memory:cleared']);
  });

  it('rules saved before clearSec existed read as 30 s; missing fields come from the defaults', () => {
    expect(AlertRuleSchema.parse({ id: 'latency', threshold: 2, forSec: 10, muted: false }).clearSec).toBe(30);
    const legacy = [{ id: 'evictions', threshold: 5, forSec: 0, muted: false }] as unknown as AlertRule[];
    expect(completeRules(legacy).find((r) => r.id === 'evictions')).toEqual({ id: 'evictions', threshold: 5, forSec: 0, clearSec: 60, muted: false });
  });

  it('memory never fires without a maxmemory (fraction null = no limit)', () => {
    const a = new ConnectionAlerts('c1', rules());
    for (let s = 0; s < 5; s++) expect(a.onSample(sample(sec(s), { memoryFraction: null, maxMemory: 0 }))).toEqual([]);
  });

  it('hit rate fires on the window figure (Σhits / Σlookups) once a whole window is observed, not a sample earlier', () => {
    const a = new ConnectionAlerts('c1', rules());
    for (let s = 0; s < 60; s++) expect(a.onSample(sample(sec(s), lookups(0.5)))).toEqual([]);
    const events = a.onSample(sample(sec(60), lookups(0.5)));
    expect(events).toEqual([expect.objectContaining({ rule: 'hitRate', kind: 'fired', at: sec(60), since: sec(0), value: 0.5 })]);
    expect(events[0]!.message).toMatch(/50 % hit rate over 1 min \(alert below 80 %\)/);
  });

  it('LMS: a minute averaging 85.7 % fires "below 90 % for 60 s" although several samples read above 90 %', () => {
    const a = new ConnectionAlerts('c1', rules({ hitRate: { threshold: 0.9 } }));
    // Every 10 s: 9 seconds at 84.1 % (of 100 lookups) and one at 100 % (of 100): 85.7 % over any 60 s.
    const at = (s: number) => sample(sec(s), s % 10 === 9 ? lookups(1) : { hitRate: 0.841, hitsDelta: 84.1, missesDelta: 15.9 });
    let fired: AlertEvent | undefined;
    for (let s = 0; s <= 60 && !fired; s++) [fired] = a.onSample(at(s));
    expect(fired).toMatchObject({ rule: 'hitRate', kind: 'fired', at: sec(60) });
    expect(fired!.value).toBeCloseTo(0.857, 3);
  });

  it('a good sample in the middle of a bad minute does not restart it; a good minute clears after clearSec', () => {
    const a = new ConnectionAlerts('c1', rules({ hitRate: { clearSec: 10 } }));
    for (let s = 0; s < 40; s++) a.onSample(sample(sec(s), lookups(0.5)));
    expect(a.onSample(sample(sec(40), lookups(0.95)))).toEqual([]);
    for (let s = 41; s < 60; s++) expect(a.onSample(sample(sec(s), lookups(0.5)))).toEqual([]);
    expect(kinds(a.onSample(sample(sec(60), lookups(0.5))))).toEqual(['hitRate:fired']);
    // Good from 61 s: the minute's figure is back at 80 % once 40 of its 60 samples are good
    // (99 s, with the good one at 40 s still inside), and the alert clears 10 s (clearSec) later.
    let cleared: AlertEvent | undefined;
    let s = 61;
    for (; !cleared && s < 200; s++) [cleared] = a.onSample(sample(sec(s), lookups(0.95)));
    expect(cleared).toMatchObject({ rule: 'hitRate', kind: 'cleared', since: sec(0), at: sec(109) });
  });

  it('no traffic (no lookups in the window) neither raises nor keeps the alert', () => {
    const a = new ConnectionAlerts('c1', rules());
    const idleSample = (s: number) => sample(sec(s), { hitRate: null, hitsDelta: 0, missesDelta: 0 });
    for (let s = 0; s <= 90; s++) expect(a.onSample(idleSample(s))).toEqual([]);
    // Traffic returns: the minute's figure is the lookups it holds, however few seconds carry them.
    expect(kinds(a.onSample(sample(sec(91), lookups(0.5))))).toEqual(['hitRate:fired']);
    for (let s = 92; s <= 120; s++) expect(a.onSample(sample(sec(s), lookups(0.5)))).toEqual([]);
    // Traffic stops: the window keeps its lookups for a minute, then has none and the alert ends.
    let cleared: AlertEvent | undefined;
    for (let s = 121; !cleared && s < 300; s++) [cleared] = a.onSample(idleSample(s));
    expect(cleared).toMatchObject({ rule: 'hitRate', kind: 'cleared', at: sec(180), value: null });
  });

  it('evictions > 0/s for a minute fires; a gap sample restarts the minute instead of spike-firing', () => {
    const a = new ConnectionAlerts('c1', rules());
    a.onSample(sample(sec(0), { evictedPerSec: 5 }));
    // Disconnected for two minutes; the first sample back is marked as a gap.
    expect(a.onSample(sample(sec(120), { gap: true, evictedPerSec: 5 }))).toEqual([]);
    for (let s = 121; s < 180; s++) expect(a.onSample(sample(sec(s), { evictedPerSec: 5 }))).toEqual([]);
    expect(a.onSample(sample(sec(180), { evictedPerSec: 5 }))).toEqual([expect.objectContaining({ rule: 'evictions', kind: 'fired', since: sec(120) })]);
    // A reset sample has no rate: that is no evidence of evicting, so the alert ends.
    expect(kinds(a.onSample(sample(sec(181), { reset: 'restart', evictedPerSec: null })))).toEqual(['evictions:cleared']);
  });

  it('a firing alert survives a gap sample that still shows the condition', () => {
    const a = new ConnectionAlerts('c1', rules());
    expect(kinds(a.onSample(sample(sec(0), { memoryFraction: 0.95 })))).toEqual(['memory:fired']);
    expect(a.onSample(sample(sec(60), { gap: true, memoryFraction: 0.95 }))).toEqual([]);
    expect(a.active()).toEqual([expect.objectContaining({ rule: 'memory', since: sec(0) })]);
  });

  it('latency (default: the server p99 of the app mix) fires above the threshold after 30 s; a noisy round trip alone does not', () => {
    const a = new ConnectionAlerts('c1', rules());
    // VTP: an idle server (p99 0.02 ms) seen through a loaded desktop (round trip 0.85–9.9 ms).
    for (let s = 0; s <= 40; s++) expect(a.onSample(sample(sec(s), { latencyMs: s % 2 ? 9.9 : 0.85, serverLatency: p99(20) }))).toEqual([]);
    // Then 3.5 ms: the 30 s mean passes 1 ms with the 9th such sample (9 × 3.5 + 21 × 0.02 > 30).
    for (let s = 41; s < 49; s++) expect(a.onSample(sample(sec(s), { serverLatency: p99(3500) }))).toEqual([]);
    const [fired] = a.onSample(sample(sec(49), { serverLatency: p99(3500) }));
    expect(fired).toMatchObject({ rule: 'latency', kind: 'fired', since: sec(19) });
    expect(fired!.value).toBeCloseTo((9 * 3.5 + 21 * 0.02) / 30, 6);
    expect(fired!.message).toMatch(/1\.06 ms server p99 \(all app commands\) over 30 s \(alert above 1 ms\)/);
  });

  it('the latency rule reads the round trip or one command when it says so; a command without calls is no data', () => {
    const rt = new ConnectionAlerts('c1', rules({ latency: { forSec: 0, latencyOf: 'roundTrip' } }));
    expect(kinds(rt.onSample(sample(sec(0), { latencyMs: 2, serverLatency: p99(20) })))).toEqual(['latency:fired']);
    const get = new ConnectionAlerts('c1', rules({ latency: { forSec: 0, latencyOf: 'cmd:get' } }));
    expect(get.onSample(sample(sec(0), { serverLatency: p99(5000) }))).toEqual([]); // only 'mix' has calls
    const [fired] = get.onSample(sample(sec(1), { serverLatency: { source: 'histogram', commands: { get: { p50: 1000, p99: 4096, p999: 4096, calls: 10 } } } }));
    expect(fired!.message).toMatch(/4\.10 ms server p99 of GET/);
  });

  it('disconnected fires on reconnecting or error, ignores connecting, clears on ready', () => {
    const a = new ConnectionAlerts('c1', rules());
    expect(a.onState(state('connecting', sec(0)), sec(0))).toEqual([]);
    expect(a.onState(state('ready', sec(1)), sec(1))).toEqual([]);
    const [fired] = a.onState(state('reconnecting', sec(5), 'Connection refused at 127.0.0.1:6390'), sec(5));
    expect(fired).toMatchObject({ rule: 'disconnected', kind: 'fired', since: sec(5), value: null, message: 'Disconnected: Connection refused at 127.0.0.1:6390' });
    // Every retry is another state: still one firing.
    expect(a.onState(state('reconnecting', sec(5)), sec(6))).toEqual([]);
    expect(a.onState(state('error', sec(7)), sec(7))).toEqual([]);
    expect(a.onState(state('ready', sec(9)), sec(9))).toEqual([expect.objectContaining({ rule: 'disconnected', kind: 'cleared', since: sec(5), at: sec(9) })]);
    expect(kinds(a.onState(state('error', sec(10), 'Wrong username or password'), sec(10)))).toEqual(['disconnected:fired']);
  });

  it('a debounced disconnected rule fires on tick once its time is up, and not if it reconnects first', () => {
    const a = new ConnectionAlerts('c1', rules({ disconnected: { forSec: 10 } }));
    expect(a.onState(state('reconnecting', sec(0)), sec(0))).toEqual([]);
    expect(a.nextDeadline()).toBe(sec(10));
    expect(a.tick(sec(9))).toEqual([]);
    expect(a.tick(sec(10))).toEqual([expect.objectContaining({ rule: 'disconnected', kind: 'fired', at: sec(10), since: sec(0) })]);
    expect(a.nextDeadline()).toBeNull();
    expect(kinds(a.onState(state('ready', sec(12)), sec(12)))).toEqual(['disconnected:cleared']);
    a.onState(state('reconnecting', sec(20)), sec(20));
    expect(a.onState(state('ready', sec(25)), sec(25))).toEqual([]); // a blip shorter than forSec: silent
    expect(a.tick(sec(30))).toEqual([]);
  });

  it('muted rules are not evaluated; muting a firing rule clears it; unmuting starts afresh', () => {
    const a = new ConnectionAlerts('c1', rules({ memory: { muted: true } }));
    expect(a.onSample(sample(sec(0), { memoryFraction: 0.99 }))).toEqual([]);
    const b = new ConnectionAlerts('c1', rules());
    expect(kinds(b.onSample(sample(sec(0), { memoryFraction: 0.99 })))).toEqual(['memory:fired']);
    const [cleared] = b.setRules(rules({ memory: { muted: true } }), sec(1));
    expect(cleared).toMatchObject({ rule: 'memory', kind: 'cleared', message: 'Memory high: rule muted' });
    expect(b.active()).toEqual([]);
    expect(b.onSample(sample(sec(2), { memoryFraction: 0.99 }))).toEqual([]);
    expect(b.setRules(rules(), sec(3))).toEqual([]);
    expect(kinds(b.onSample(sample(sec(4), { memoryFraction: 0.99 })))).toEqual(['memory:fired']);
  });

  it('an edited threshold applies from the next sample', () => {
    const a = new ConnectionAlerts('c1', rules());
    expect(a.onSample(sample(sec(0), { memoryFraction: 0.6 }))).toEqual([]);
    a.setRules(rules({ memory: { threshold: 0.5 } }), sec(1));
    expect(kinds(a.onSample(sample(sec(2), { memoryFraction: 0.6 })))).toEqual(['memory:fired']);
    a.setRules(rules({ memory: { threshold: 0.7 } }), sec(3));
    expect(kinds(a.onSample(sample(sec(4), { memoryFraction: 0.6 })))).toEqual(['memory:cleared']);
  });

  it('closing the connection ends what is firing, saying so', () => {
    const a = new ConnectionAlerts('c1', rules());
    a.onSample(sample(sec(0), { memoryFraction: 0.99 }));
    a.onState(state('reconnecting', sec(1)), sec(1));
    const events = a.close(sec(2));
    expect(kinds(events).sort()).toEqual(['disconnected:cleared', 'memory:cleared']);
    expect(events.every((e) => /connection closed/.test(e.message))).toBe(true);
    expect(a.active()).toEqual([]);
  });

  it('fills in every rule from the defaults, in a stable order', () => {
    expect(completeRules(undefined)).toEqual(DEFAULT_ALERT_RULES);
    const partial = completeRules([{ id: 'latency', threshold: 5, forSec: 10, clearSec: 5, muted: true }]);
    expect(partial.map((r) => r.id)).toEqual(['memory', 'hitRate', 'evictions', 'latency', 'disconnected', 'imbalance', 'evictionSpike']);
    expect(partial[3]).toEqual({ id: 'latency', threshold: 5, forSec: 10, clearSec: 5, muted: true });
  });

  it('imbalance: one primary above its share of the ops for forSec fires, naming it; it clears when the load evens out', () => {
    const a = new ConnectionAlerts('c1', rules({ imbalance: { forSec: 60 } }));
    const hot = (at: number, share: number) => sample(at, { nodes: primaries([share * 300, ((1 - share) * 300) / 2, ((1 - share) * 300) / 2]) });
    expect(a.onSample(hot(sec(0), 0.7))).toEqual([]);
    expect(a.onSample(hot(sec(59), 0.7))).toEqual([]);
    const [fired] = a.onSample(hot(sec(60), 0.7));
    expect(fired).toMatchObject({ rule: 'imbalance', kind: 'fired', since: sec(0) });
    expect(fired!.value).toBeCloseTo(0.7, 6);
    expect(fired!.message).toBe('Load imbalance: 10.0.0.1:7000 carries 70 % of the ops (3 primaries) over 1 min (alert above 50 % on one primary)');
    // The minute's mean share (0.7, 0.7, then even) is back within 50 % with the third even sample.
    expect(a.onSample(hot(sec(61), 0.34))).toEqual([]);
    expect(a.onSample(hot(sec(62), 0.34))).toEqual([]);
    const [cleared] = a.onSample(hot(sec(63), 0.34));
    expect(cleared).toMatchObject({ rule: 'imbalance', kind: 'cleared' });
  });

  it('imbalance: memory counts too; ignored on a single server, with fewer than 3 primaries up, or when idle', () => {
    const a = new ConnectionAlerts('c1', rules());
    // Memory alone (ops even): the primary holding 80 % of the bytes.
    const byMemory = primaries([100, 100, 100]).map((n, i) => ({ ...n, usedMemory: i === 2 ? 8e6 : 1e6 }));
    expect(a.onSample(sample(sec(0), { nodes: byMemory }))).toEqual([]);
    const [fired] = a.onSample(sample(sec(300), { nodes: byMemory }));
    expect(fired!.message).toMatch(/^Load imbalance: 10\.0\.0\.3:7000 carries 80 % of the memory \(3 primaries\)/);
    const b = new ConnectionAlerts('c1', rules({ imbalance: { forSec: 0 } }));
    // A single server (no node rows), two primaries up of three, an idle cluster's ops: no data.
    const skewed = primaries([1000, 10, 10]);
    expect(b.onSample(sample(sec(0)))).toEqual([]);
    expect(b.onSample(sample(sec(1), { nodes: skewed.map((n, i) => (i === 1 ? { ...n, up: false } : n)) }))).toEqual([]);
    expect(b.onSample(sample(sec(2), { nodes: primaries([30, 5, 5]) }))).toEqual([]);
    expect(b.onSample(sample(sec(3), { nodes: skewed }))).toEqual([expect.objectContaining({ rule: 'imbalance', kind: 'fired' })]);
  });

  it('notifies for a firing only', () => {
    const base = { connectionId: 'c1', connectionName: 'Prod cache', rule: 'memory', at: 1, since: 1, value: 0.9, message: 'Memory high: 90 %' } as const;
    expect(notificationFor({ ...base, kind: 'fired' })).toEqual({ title: 'Memory high — Prod cache', body: 'Memory high: 90 %' });
    expect(notificationFor({ ...base, kind: 'cleared' })).toBeNull();
  });
});
