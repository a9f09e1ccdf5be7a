import type Redis from 'ioredis';
import type { KeyClient } from '../redis/target';
import type { ClusterHealth, MetricSample, NodeSample, TopologyEvent } from '../../../shared/contract';
import { CommandTimeoutError } from '../redis/command-timeout';
import type { TopologyWatch, WatchedNode } from '../redis/watch';
import { clusterHealth } from './cluster-health';
import { derive, type Baseline } from './derive';
import { parseInfo, type ParsedInfo } from './info-parser';
import { mergeInfo } from './merge-info';
import { nodeSamples, type NodeMemory, type NodeReading } from './node-samples';
import type { ReadLedger } from './read-ledger';
import { activeCommands, commandStatsLatency, commandTotalsOf, histogramLatency, latencyStatsOf, median, parseHistograms, type CommandTotals, type Histograms } from './server-latency';
import { topologyEvents, type TopologySnapshot } from './topology-events';

type NodeAnswer = { ok: true; latencyMs: number; info: ParsedInfo; histograms: Histograms | null; sent: number } | { ok: false; error: unknown };

/** PINGs per poll per node: the round trip shown is their median, so one slow reply is not the figure. */
export const PINGS_PER_POLL = 5;

/** What the poller keeps of a node's latency counters between polls. */
interface LatencyMemory {
  /** Every command's histogram as last asked (a command without calls since has not moved); null without LATENCY. */
  known: Histograms | null;
  totals: CommandTotals;
}

export interface PollerOptions {
  connectionId: string;
  /** The connection's poll client: a poll runs only while it is ready. */
  client: KeyClient;
  /**
   * The nodes to poll and what the topology says of them (target.watch): the sample is the sum
   * over the primaries; a cluster or Sentinel set adds one row per node. `timeoutMs` bounds it.
   */
  watch: (timeoutMs: number) => Promise<TopologyWatch>;
  intervalMs: number;
  /** A poll that takes longer fails (and the next one is not started early). Default: max(2 s, interval). */
  timeoutMs?: number;
  onSample: (sample: MetricSample) => void;
  onFailure?: (error: unknown) => void;
  /** Cachescope's own keyspace reads on this server, subtracted from the hit rate. */
  ledger?: ReadLedger;
  now?: () => number;
}

/** A poll without an answer: the server is slow or paused (a gap), not lost. */
export class PollTimeoutError extends CommandTimeoutError {
  constructor(ms: number, detail = '') {
    super(ms, `INFO poll timed out after ${ms} ms${detail ? `: ${detail}` : ''}`);
    this.name = 'PollTimeoutError';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PollTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Polls PING (latency) + INFO on one connection. A poll never overlaps the previous one:
 * the next is scheduled when the current settles, `interval - elapsed` later.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<MetricSample | null> | null = null;
  /** Nodes whose PING+INFO is still on the wire; it survives a timeout so the next poll does not pile on. */
  private readonly outstanding = new Set<Redis>();
  private baseline: Baseline | null = null;
  /** Each node's baseline and last row (cluster, Sentinel). */
  private nodeMemory = new Map<string, NodeMemory>();
  /** The node set at the last sample, for the next one's topology events. */
  private topology: TopologySnapshot | null = null;
  private lastFailed = false;
  /** Each node's latency counters at its last answer, for the interval's server latency. */
  private latencyMemory = new Map<string, LatencyMemory>();
  /** Nodes that refused LATENCY HISTOGRAM (older server, ACL, renamed): commandstats instead. */
  private readonly noHistogram = new Set<string>();
  /** Commands this poller has sent to the primaries, cumulative: excluded from the apps' ops/s. */
  private ownCommands = 0;
  private intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
  }

  get interval(): number {
    return this.intervalMs;
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Mark that the server was unreachable: the next sample carries `gap` and no rates. */
  markGap(): void {
    this.lastFailed = true;
  }

  /** One poll; concurrent callers share the in-flight poll instead of starting another. */
  pollOnce(): Promise<MetricSample | null> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      const started = this.now();
      await this.pollOnce();
      this.schedule(Math.max(0, this.intervalMs - (this.now() - started)));
    }, delay);
  }

  private async poll(): Promise<MetricSample | null> {
    const { client } = this.options;
    const timeoutMs = this.options.timeoutMs ?? Math.max(2000, this.intervalMs);
    try {
      if (client.status !== 'ready') throw new Error('Connection is closed.');
      const watch = await withTimeout(this.options.watch(timeoutMs), timeoutMs);
      // Every node at once (a dozen is nothing); each bounded alone, so one slow or dead node
      // is a node down, not a failed poll.
      const ask = () => Promise.all(watch.nodes.map((node) => this.askNode(node, timeoutMs)));
      // With a ledger, INFO runs between batches of own reads (see ReadLedger.batch). The outer
      // bound covers the wait for those batches; each node's own bound ends the asking itself.
      const answers = await withTimeout(this.options.ledger ? this.options.ledger.quiet(ask) : ask(), 2 * timeoutMs);
      const own = this.options.ledger?.totals();
      const at = this.now();
      const readings: NodeReading[] = answers.map((a, i) => ({ node: watch.nodes[i]!, info: a.ok ? a.info : null, latencyMs: a.ok ? a.latencyMs : null }));
      answers.forEach((a, i) => {
        if (a.ok && watch.nodes[i]!.role === 'primary') this.ownCommands += a.sent;
      });
      // The cache's figures: the sum over the primaries that answered. None answered: the poll failed.
      const primaries = readings.filter((r) => r.node.role === 'primary' && r.info);
      if (primaries.length === 0) {
        const firstPrimary = answers.find((a, i) => watch.nodes[i]!.role === 'primary' && !a.ok);
        throw firstPrimary && !firstPrimary.ok ? firstPrimary.error : new Error('No primary answered.');
      }
      const perNode = watch.perNode ? this.watchNodes(watch, readings, at) : null;
      const { sample, baseline } = derive({
        connectionId: this.options.connectionId,
        info: mergeInfo(primaries.map((r) => r.info!)),
        at,
        latencyMs: Math.max(...primaries.map((r) => r.latencyMs!)),
        previous: this.baseline,
        afterGap: this.lastFailed && this.baseline !== null,
        minIntervalMs: this.intervalMs / 2,
        own: { hits: own?.hits ?? 0, misses: own?.misses ?? 0, commands: this.ownCommands + (this.options.ledger?.otherCommands() ?? 0) },
        ...(perNode
          ? { topology: { key: primaries.map((r) => r.node.address).join(','), changed: perNode.events.length > 0 } }
          : {}),
      });
      const serverLatency = this.serverLatency(readings, answers);
      if (serverLatency) sample.serverLatency = serverLatency;
      const stats = latencyStatsOf(primaries[0]!.info!);
      if (stats && primaries.length === 1) sample.latencyStats = stats;
      sample.pings = PINGS_PER_POLL;
      if (perNode) {
        sample.nodes = perNode.nodes;
        if (perNode.events.length) sample.topology = perNode.events;
        if (perNode.cluster) sample.cluster = perNode.cluster;
      }
      this.baseline = baseline;
      this.lastFailed = false;
      this.options.onSample(sample);
      return sample;
    } catch (error) {
      this.lastFailed = true;
      this.options.onFailure?.(error);
      return null;
    }
  }

  /**
   * PING (the round trip) then INFO on one node, bounded by `timeoutMs`. A node whose previous
   * PING+INFO is still on the wire is not asked again (nothing piles up on a stalled server).
   */
  private async askNode(node: WatchedNode, timeoutMs: number): Promise<NodeAnswer> {
    const redis = node.client;
    if (!redis) return { ok: false, error: new Error(`${node.address} is not connected.`) };
    if (this.outstanding.has(redis)) return { ok: false, error: new PollTimeoutError(timeoutMs, 'the previous poll has still not answered') };
    const request = (async () => {
      // Several PINGs, one after another: the median is the round trip, a single stalled reply is not.
      const trips: number[] = [];
      for (let i = 0; i < PINGS_PER_POLL; i++) {
        const t0 = performance.now();
        await redis.ping();
        trips.push(performance.now() - t0);
      }
      const info = parseInfo(await redis.info('all'));
      // Counted on the next INFO: PINGs, this INFO (counted once it has run), LATENCY HISTOGRAM.
      let sent = PINGS_PER_POLL;
      const before = this.latencyMemory.get(node.address)?.totals;
      // The first poll asks for every command (what is known); later ones for those that ran since.
      const asked = before ? activeCommands(commandTotalsOf(info), before) : null;
      const histograms = await this.histogramsOf(node.address, redis, asked);
      if (histograms !== undefined && asked?.length !== 0) sent++;
      return { latencyMs: median(trips), info, histograms: histograms ?? null, sent: sent + 1 };
    })();
    this.outstanding.add(redis);
    void request.then(
      () => this.outstanding.delete(redis),
      () => this.outstanding.delete(redis),
    );
    try {
      return { ok: true, ...(await withTimeout(request, timeoutMs)) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * LATENCY HISTOGRAM on a Redis that has it; undefined when it was not sent (refused before),
   * null when refused now (older server, ACL, renamed): the node's latency then comes from
   * commandstats.
   */
  private async histogramsOf(address: string, redis: Redis, commands: string[] | null): Promise<Histograms | null | undefined> {
    if (this.noHistogram.has(address)) return undefined;
    if (commands?.length === 0) return new Map(); // nothing ran: nothing moved, nothing to ask
    try {
      return parseHistograms(await redis.call('LATENCY', 'HISTOGRAM', ...(commands ?? [])));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ReplyError')) throw error;
      this.noHistogram.add(address);
      return null;
    }
  }

  /** The primaries' command latency over this interval, against each one's last known counters. */
  private serverLatency(readings: NodeReading[], answers: NodeAnswer[]) {
    const now: { asked: Histograms | null; totals: CommandTotals }[] = [];
    const before: (LatencyMemory | undefined)[] = [];
    readings.forEach((r, i) => {
      const a = answers[i]!;
      if (!r.info || !a.ok) return;
      const prev = this.latencyMemory.get(r.node.address);
      const totals = commandTotalsOf(r.info);
      if (r.node.role === 'primary') {
        now.push({ asked: a.histograms, totals });
        before.push(prev);
      }
      const known = a.histograms ? new Map([...(prev?.known ?? []), ...a.histograms]) : null;
      this.latencyMemory.set(r.node.address, { known, totals });
    });
    // Histograms only when every primary gave them now and before; else commandstats for all.
    if (now.every((m, i) => m.asked && before[i]?.known))
      return histogramLatency(
        now.map((m) => m.asked!),
        before.map((m) => m!.known!),
      );
    return commandStatsLatency(
      now.map((m) => m.totals),
      before.map((m) => m?.totals),
    );
  }

  /** Per-node rows, topology events against the previous poll, and the cluster's health. */
  private watchNodes(watch: TopologyWatch, readings: NodeReading[], at: number): { nodes: NodeSample[]; events: TopologyEvent[]; cluster: ClusterHealth | null } {
    const { nodes, memory } = nodeSamples(readings, this.nodeMemory, at, watch.dialled, this.intervalMs / 2);
    this.nodeMemory = memory;
    const answered = new Set(readings.filter((r) => r.info).map((r) => r.node.address));
    const failed = new Set(watch.nodes.filter((n) => n.flagged === 'fail').map((n) => n.address));
    const cluster = watch.cluster ? clusterHealth(watch.cluster, answered, failed) : null;
    const snapshot: TopologySnapshot = {
      nodes,
      runIds: new Map([...memory].map(([address, m]) => [address, m.runId])),
      listed: new Set(watch.nodes.map((n) => n.address)),
      clusterState: watch.cluster?.state ?? this.topology?.clusterState ?? null,
    };
    const events = topologyEvents(this.topology, snapshot, at, watch.promotion, cluster?.problem);
    this.topology = snapshot;
    return { nodes, events, cluster };
  }
}
