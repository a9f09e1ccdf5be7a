import type { DemoStatus } from '../../../shared/contract';
import { openConnection } from '../connections/handlers';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import type { RunningDemo } from './launcher';

/**
 * "Start demo" for a user with no Redis of their own: the CLI's demo machinery (private
 * redis-server + seeded, cache-aside workload; injected as `options.startDemo`), saved as a
 * connection named "Demo (profile)" and opened. One demo per core; it stops with the core.
 */
export function demoHandlers(ctx: CoreContext): HandlersFor<'demo.start' | 'demo.stop' | 'demo.status'> {
  let demo: { handle: RunningDemo; connectionId: string; profile: DemoStatus['profile'] } | null = null;
  let starting: Promise<DemoStatus> | null = null;

  const status = (): DemoStatus => ({
    running: demo !== null,
    connectionId: demo?.connectionId ?? null,
    profile: demo?.profile ?? null,
    address: demo?.handle.address ?? null,
    seededKeys: demo?.handle.seeded.keys ?? 0,
  });

  const stop = async (): Promise<DemoStatus> => {
    const current = demo;
    demo = null;
    if (current) {
      const open = ctx.open.get(current.connectionId);
      if (open) {
        ctx.open.delete(current.connectionId);
        await open.close();
      }
      await current.handle.stop();
      await ctx.store.delete(current.connectionId);
      await ctx.publishProfiles();
    }
    return status();
  };
  ctx.onClose(stop);

  return {
    'demo.status': async () => status(),
    'demo.stop': stop,
    'demo.start': async (args) => {
      if (demo) return status();
      const startDemo = ctx.options.startDemo;
      if (!startDemo) throw new CoreError('UNSUPPORTED', 'This Cachescope was started without the demo: run `cachescope demo` from a terminal instead.');
      starting ??= (async () => {
        const handle = await startDemo({
          profile: args.profile,
          ...(args.keys !== undefined ? { keys: args.keys } : {}),
          ...(args.opsPerSec !== undefined ? { opsPerSec: args.opsPerSec } : {}),
          ...(args.hitTarget !== undefined ? { hitTarget: args.hitTarget } : {}),
          env: ctx.options.env ?? process.env,
        }).catch((e: unknown) => {
          throw e instanceof CoreError ? e : new CoreError('INTERNAL', `The demo could not start: ${(e as Error).message}`);
        });
        const [host, port] = [handle.address.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), Number(handle.address.split(':').pop())];
        const saved = await ctx.store.save({ name: `Demo (${args.profile})`, host, port, env: 'dev', pollIntervalMs: 1000 });
        demo = { handle, connectionId: saved.id, profile: args.profile };
        await ctx.publishProfiles();
        await openConnection(ctx, saved);
        return status();
      })().finally(() => {
        starting = null;
      });
      return starting;
    },
  };
}
