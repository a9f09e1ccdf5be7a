import type { EventsLeftover } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { fromWire } from '../keys/wire-bytes';
import { KeyspaceSettingsStore } from '../keyspace-settings/settings-store';
import { BorrowedSettings } from '../borrowed/borrowed-settings';
import { sameFlags } from './flags';
import { askWords, COST_WORDS, planNode, readSetting } from './setting';
import { TrafficSampler } from './sample';
import { MissWatch, restoreOn } from './watch';

type Names = 'misses.plan' | 'misses.start' | 'misses.report' | 'misses.stop' | 'misses.restoreLeftover' | 'misses.sample' | 'misses.sample.stop';

/** How often a watching connection's report is pushed on `misses.update`. */
const UPDATE_MS = 1000;

export function missesHandlers(ctx: CoreContext): HandlersFor<Names> {
  const borrowed = new BorrowedSettings(ctx.options.dataDir, 'notify-keyspace-events');
  const settings = new KeyspaceSettingsStore(ctx.options.dataDir);
  const watches = new Map<string, { watch: MissWatch; timer: NodeJS.Timeout; offClose: () => void }>();
  /** A running traffic sample's early stop, per connection. */
  const samples = new Map<string, () => void>();

  const ready = (id: string) => {
    const c = ctx.connection(id);
    if (c.state.status !== 'ready') throw new CoreError('NOT_CONNECTED', `Not connected to ${c.where}.`);
    return c;
  };

  const stop = async (id: string) => {
    samples.get(id)?.();
    const w = watches.get(id);
    if (!w) return null;
    watches.delete(id);
    clearInterval(w.timer);
    w.offClose();
    const report = await w.watch.stop();
    ctx.bus.emit('misses.update', report);
    return report;
  };
  // App quit: every watch puts its setting back before the connections close.
  ctx.onClose(() => Promise.all([...watches.keys()].map(stop)));

  const leftoversOf = async (id: string) => {
    const nodes = await ctx.connection(id).target.nodes('primary', 'admin');
    const entries = await borrowed.leftovers(nodes.map((n) => n.address));
    const out: { entry: EventsLeftover; client: (typeof nodes)[number]['client'] }[] = [];
    for (const e of entries) {
      const node = nodes.find((n) => n.address === e.address)!;
      const now = await readSetting(node.client);
      out.push({ entry: { address: e.address, previous: e.previous, set: e.set, at: e.at, stillSet: now !== null && sameFlags(now, e.set) }, client: node.client });
    }
    return out;
  };

  return {
    'misses.plan': async ({ id }) => {
      const c = ready(id);
      const nodes = await c.target.nodes('primary', 'admin');
      const plans = await Promise.all(nodes.map(async (n) => planNode(n.address, await readSetting(n.client))));
      const denied = plans.find((p) => p.current === null);
      return {
        nodes: plans,
        change: plans.some((p) => p.proposed !== null),
        permitted: !denied,
        ask: denied ? askWords(denied.address) : null,
        cost: COST_WORDS,
        leftovers: (await leftoversOf(id)).map((l) => l.entry),
      };
    },
    'misses.start': async (a) => {
      const c = ready(a.id);
      const running = watches.get(a.id);
      if (running) return running.watch.report();
      const s = await settings.get(a.id);
      const watch = await MissWatch.start({
        connectionId: a.id,
        db: c.profile.db,
        target: c.target,
        borrowed,
        consent: a.consent,
        shape: { delimiter: a.delimiter ?? s.delimiter, depth: a.depth, fold: s.fold ? fromWire(s.fold) : null, collapseIds: a.collapseIds ?? s.collapseIds },
      });
      const timer = setInterval(() => ctx.bus.emit('misses.update', watch.report()), UPDATE_MS);
      timer.unref();
      // Closing the connection puts the setting back first, while its clients still answer.
      const offClose = c.beforeClose(() => stop(a.id));
      watches.set(a.id, { watch, timer, offClose });
      return watch.report();
    },
    'misses.report': async ({ id }) => watches.get(id)?.watch.report() ?? null,
    'misses.stop': async ({ id }) => stop(id),
    'misses.sample': async ({ id, seconds }) => {
      const c = ready(id);
      const w = watches.get(id);
      if (!w) throw new CoreError('BAD_REQUEST', 'Start watching misses first: a traffic sample takes its misses from the key events.');
      if (samples.has(id)) throw new CoreError('BAD_REQUEST', 'A traffic sample is already running on this connection.');
      const sampler = await TrafficSampler.start(w.watch, await c.target.nodes('primary', 'admin'), c.profile.db);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        samples.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      samples.delete(id);
      return sampler.stop(id);
    },
    'misses.sample.stop': async ({ id }) => {
      const end = samples.get(id);
      end?.();
      return { stopped: end !== undefined };
    },
    'misses.restoreLeftover': async ({ id }) => {
      ready(id);
      const restored: EventsLeftover[] = [];
      for (const { entry, client } of await leftoversOf(id)) {
        await restoreOn(client, entry.previous, entry.set);
        await borrowed.remove(entry.address, 'leftovers');
        restored.push(entry);
      }
      return { restored };
    },
  };
}
