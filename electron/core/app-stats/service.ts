import path from 'node:path';
import { z } from 'zod';
import { AppStatsConfig, type AppStatsSample } from '../../../shared/contract';
import { JsonFile } from '../alerts/json-file';
import type { Connection } from '../connections/connection';
import type { StreamBus } from '../events';
import { RingBuffer } from '../metrics/ring-buffer';
import { AppStatsPoller } from './poller';

/** An hour at the default 1 s poll interval. */
export const APP_STATS_HISTORY = 3600;

const ConfigFile = z.record(z.string(), AppStatsConfig);
type ConfigFile = z.infer<typeof ConfigFile>;

export interface AppStatsServiceDeps {
  bus: StreamBus;
  dataDir: string;
  /** The open connection with this id, if any. */
  connectionOf: (id: string) => Connection | undefined;
}

interface Running {
  connection: Connection;
  config: AppStatsConfig;
  poller: AppStatsPoller;
}

/**
 * App-side counters per connection: the user's choice (persisted in `app-stats.json`), one
 * poller per open connection that has a choice, and the last hour of samples. A poller
 * follows its connection: started when it becomes ready, replaced when the connection is
 * reopened (a changed profile), stopped when it closes.
 */
export class AppStatsService {
  private readonly file: JsonFile<ConfigFile>;
  private configs: ConfigFile = {};
  private readonly loaded: Promise<void>;
  private readonly running = new Map<string, Running>();
  private readonly buffers = new Map<string, RingBuffer<AppStatsSample>>();
  /** Start/stop steps per core run one at a time, so two state events cannot race a poller. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AppStatsServiceDeps) {
    const file = (this.file = new JsonFile(path.join(deps.dataDir, 'app-stats.json'), ConfigFile, () => ({})));
    this.loaded = file.read().then((c) => void (this.configs = c));
    deps.bus.on('connection.state', (s) => void this.serial(() => this.reconcile(s.id)));
  }

  async get(id: string): Promise<AppStatsConfig | null> {
    await this.loaded;
    return this.configs[id] ?? null;
  }

  async set(id: string, config: AppStatsConfig | null): Promise<AppStatsConfig | null> {
    await this.loaded;
    return this.serial(async () => {
      const next = { ...this.configs };
      if (config) next[id] = config;
      else delete next[id];
      await this.file.write(next);
      this.configs = next;
      // Samples of another choice would chart as one line with this one: start afresh.
      this.buffers.delete(id);
      await this.stop(id);
      await this.reconcile(id);
      return config;
    });
  }

  history(id: string): AppStatsSample[] {
    return this.buffers.get(id)?.toArray() ?? [];
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.chain.then(step);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async reconcile(id: string): Promise<void> {
    await this.loaded;
    const connection = this.deps.connectionOf(id);
    const config = this.configs[id];
    const current = this.running.get(id);
    const wanted = connection !== undefined && config !== undefined && connection.state.status !== 'closed';
    if (current && (!wanted || current.connection !== connection || current.config !== config)) await this.stop(id);
    if (!wanted || this.running.has(id) || connection.state.status !== 'ready') return;
    const poller = new AppStatsPoller({
      connectionId: id,
      config,
      client: connection.target.client('appstats'),
      intervalMs: connection.profile.pollIntervalMs,
      ledger: connection.ledger,
      live: () => this.deps.connectionOf(id) === connection && connection.state.status === 'ready',
      onSample: (sample) => this.accept(sample),
      where: connection.where,
    });
    this.running.set(id, { connection, config, poller });
    poller.start();
  }

  private async stop(id: string): Promise<void> {
    const current = this.running.get(id);
    if (!current) return;
    this.running.delete(id);
    await current.poller.stop();
  }

  private accept(sample: AppStatsSample): void {
    let buffer = this.buffers.get(sample.connectionId);
    if (!buffer) this.buffers.set(sample.connectionId, (buffer = new RingBuffer(APP_STATS_HISTORY)));
    buffer.push(sample);
    this.deps.bus.emit('appstats.sample', sample);
  }
}
