import path from 'node:path';
import { z } from 'zod';
import { AlertRule, AlertRuleId, type ActiveAlert, type AlertEvent, type ConnectionState, type MetricSample } from '../../../shared/contract';
import type { StreamBus } from '../events';
import { ConnectionAlerts, completeRules } from './evaluate';
import { JsonFile } from './json-file';
import { defaultRulesFor, sameAsDefault, withoutNote } from './policy-defaults';

/** Fired and cleared events kept (memory and disk), newest kept. */
export const HISTORY_LIMIT = 1000;

const RulesFile = z.record(z.string(), z.array(AlertRule));
type RulesFile = z.infer<typeof RulesFile>;

const StoredEvent = z.object({
  connectionId: z.string(),
  connectionName: z.string().optional(),
  rule: AlertRuleId,
  kind: z.enum(['fired', 'cleared']),
  at: z.number(),
  since: z.number(),
  value: z.number().nullable(),
  message: z.string(),
}) satisfies z.ZodType<AlertEvent>;
const HistoryFile = z.array(StoredEvent);

export interface AlertServiceDeps {
  bus: StreamBus;
  dataDir: string;
  /** The connection's display name, when it is open. */
  nameOf: (connectionId: string) => string | undefined;
  now?: () => number;
}

/**
 * Alerts for every connection of one core: feeds samples and states from the bus to one
 * evaluator per connection, emits 'alert.event', keeps the active set and a bounded history.
 * Rules and history persist in the data folder (`alert-rules.json`, `alert-history.json`).
 * Defaults follow each server's eviction policy as its samples report it (policy-defaults.ts);
 * only rules that differ from them are saved, so a rule left at its default keeps following.
 */
export class AlertService {
  private readonly evaluators = new Map<string, ConnectionAlerts>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rulesFile: JsonFile<RulesFile>;
  private readonly historyFile: JsonFile<AlertEvent[]>;
  private saved: RulesFile = {};
  private history: AlertEvent[] = [];
  /** Last known display names: a closed connection has left `ctx.open` by the time it says so. */
  private readonly names = new Map<string, string>();
  /** Each connection's maxmemory policy from its last sample (absent: not seen yet). */
  private readonly policies = new Map<string, string>();
  /** Every input goes through this chain: in order, and only after the files are loaded. */
  private queue: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: AlertServiceDeps) {
    this.now = deps.now ?? Date.now;
    const rulesFile = (this.rulesFile = new JsonFile(path.join(deps.dataDir, 'alert-rules.json'), RulesFile, () => ({})));
    const historyFile = (this.historyFile = new JsonFile(path.join(deps.dataDir, 'alert-history.json'), HistoryFile, () => []));
    this.queue = (async () => {
      [this.saved, this.history] = await Promise.all([rulesFile.read(), historyFile.read()]);
    })();
    deps.bus.on('metrics.sample', (s) => this.enqueue(() => this.onSample(s)));
    deps.bus.on('connection.state', (s) => this.enqueue(() => this.onState(s)));
  }

  async rulesFor(connectionId: string): Promise<AlertRule[]> {
    await this.queue;
    return this.rulesNow(connectionId);
  }

  private rulesNow(connectionId: string): AlertRule[] {
    return completeRules(this.saved[connectionId], defaultRulesFor(this.policies.get(connectionId)));
  }

  /** Merge `rules` (any subset) over the connection's current rules, save, apply. */
  async setRules(connectionId: string, rules: readonly AlertRule[]): Promise<AlertRule[]> {
    let result: AlertRule[] = [];
    await this.enqueue(async () => {
      const defaults = defaultRulesFor(this.policies.get(connectionId));
      const current = this.rulesNow(connectionId);
      const merged = current.map((r) => rules.find((n) => n.id === r.id) ?? r);
      const kept = merged.filter((r) => !sameAsDefault(r, defaults)).map(withoutNote);
      this.saved = { ...this.saved, [connectionId]: kept };
      await this.rulesFile.write(this.saved);
      const ev = this.evaluators.get(connectionId);
      if (ev) this.publish(ev.setRules(this.rulesNow(connectionId), this.now()), true);
      this.schedule(connectionId);
      result = this.rulesNow(connectionId);
    });
    return result;
  }

  async active(): Promise<ActiveAlert[]> {
    await this.queue;
    return [...this.evaluators.values()].flatMap((e) => e.active());
  }

  /** Newest first; waits for queued writes so it matches what is on disk. */
  async historyOf(connectionId: string | undefined, limit: number): Promise<AlertEvent[]> {
    await this.queue;
    await this.historyFile.settled();
    const out: AlertEvent[] = [];
    for (let i = this.history.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.history[i]!;
      if (connectionId === undefined || e.connectionId === connectionId) out.push(e);
    }
    return out;
  }

  private enqueue(step: () => void | Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    // One failing step (e.g. a disk error on save) must not stop alerting.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private evaluator(connectionId: string): ConnectionAlerts {
    const name = this.deps.nameOf(connectionId);
    if (name !== undefined) this.names.set(connectionId, name);
    let ev = this.evaluators.get(connectionId);
    if (!ev) {
      ev = new ConnectionAlerts(connectionId, this.rulesNow(connectionId));
      this.evaluators.set(connectionId, ev);
    }
    return ev;
  }

  private onSample(sample: MetricSample): void {
    const ev = this.evaluator(sample.connectionId);
    // A new policy (first sample, or CONFIG SET maxmemory-policy) brings its defaults before this sample is judged.
    if (this.policies.get(sample.connectionId) !== sample.maxMemoryPolicy) {
      this.policies.set(sample.connectionId, sample.maxMemoryPolicy);
      this.publish(ev.setRules(this.rulesNow(sample.connectionId), sample.ts), true);
    }
    this.publish(ev.onSample(sample), true);
  }

  private onState(state: ConnectionState): void {
    if (state.status === 'closed' || state.status === 'idle') {
      const ev = this.evaluators.get(state.id);
      this.evaluators.delete(state.id);
      this.unschedule(state.id);
      // Not written now: a close is often the core shutting down, and a write then would
      // outlive the data folder. The next write carries these entries.
      if (ev) this.publish(ev.close(this.now()), false);
      return;
    }
    this.publish(this.evaluator(state.id).onState(state, this.now()), true);
    this.schedule(state.id);
  }

  /** Arm a timer for the disconnected rule's debounce, which no sample will complete. */
  private schedule(connectionId: string): void {
    this.unschedule(connectionId);
    const deadline = this.evaluators.get(connectionId)?.nextDeadline();
    if (deadline === null || deadline === undefined) return;
    const timer = setTimeout(
      () =>
        void this.enqueue(() => {
          this.timers.delete(connectionId);
          const ev = this.evaluators.get(connectionId);
          if (ev) this.publish(ev.tick(this.now()), true);
        }),
      Math.max(0, deadline - this.now()),
    );
    timer.unref();
    this.timers.set(connectionId, timer);
  }

  private unschedule(connectionId: string): void {
    const t = this.timers.get(connectionId);
    if (t) clearTimeout(t);
    this.timers.delete(connectionId);
  }

  private publish(events: AlertEvent[], persist: boolean): void {
    if (events.length === 0) return;
    for (const event of events) {
      const name = this.deps.nameOf(event.connectionId) ?? this.names.get(event.connectionId);
      if (name !== undefined) this.names.set(event.connectionId, name);
      const named: AlertEvent = name === undefined ? event : { ...event, connectionName: name };
      this.history.push(named);
      this.deps.bus.emit('alert.event', named);
    }
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    // Fire-and-forget: alerting must not wait on the disk; a failed write is retried by the next one.
    if (persist) void this.historyFile.write(this.history).catch(() => undefined);
  }
}
