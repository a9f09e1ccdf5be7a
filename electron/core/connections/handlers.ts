import type { ConnectionState } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { testProfile } from '../redis/test-profile';
import { Connection } from './connection';
import { ENV_PROFILE_ID, resolveInput, toView, type ResolvedProfile } from './profile';

type Names = 'app.info' | 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.test' | 'connections.open' | 'connections.close' | 'connections.states';

export async function openConnection(ctx: CoreContext, profile: ResolvedProfile): Promise<ConnectionState> {
  const existing = ctx.open.get(profile.id);
  if (existing) return existing.state;
  const c = new Connection(profile, {
    onState: (s) => ctx.bus.emit('connection.state', s),
    onSample: (s) => ctx.bus.emit('metrics.sample', s),
  });
  ctx.open.set(profile.id, c);
  return c.open();
}

async function closeIfOpen(ctx: CoreContext, id: string): Promise<boolean> {
  const current = ctx.open.get(id);
  if (!current) return false;
  ctx.open.delete(id);
  await current.close();
  return true;
}

export function connectionHandlers(ctx: CoreContext): HandlersFor<Names> {
  const publishProfiles = () => ctx.publishProfiles();
  return {
    'app.info': async () => ({
      name: 'Cachescope',
      version: ctx.options.version,
      mode: ctx.options.mode,
      platform: process.platform,
      defaultSource: ctx.envDefault.source,
    }),
    'profiles.list': async () => (await ctx.profiles()).map(toView),
    'profiles.save': async (args) => {
      // Saving the environment's default keeps its password (from REDIS_URL / REDIS_PASSWORD)
      // unless a new one is typed: the UI never had it to send back.
      const envPassword = ctx.envDefault.profile.password;
      const input = args.id === ENV_PROFILE_ID && args.password === undefined && envPassword ? { ...args, password: envPassword } : args;
      const saved = await ctx.store.save(input);
      // A changed profile takes effect on an open connection by reopening it.
      if (await closeIfOpen(ctx, saved.id)) await openConnection(ctx, saved);
      await publishProfiles();
      return toView(saved);
    },
    'profiles.delete': async ({ id }) => {
      await closeIfOpen(ctx, id);
      const deleted = await ctx.store.delete(id);
      await publishProfiles();
      return { deleted };
    },
    'profiles.test': async (args) => {
      if ('id' in args && Object.keys(args).length === 1) return testProfile(await ctx.profileById(args.id as string));
      const { profile, passwordGiven } = resolveInput(args);
      // Testing an edited saved profile without retyping its password uses the stored one.
      if (!passwordGiven && 'id' in args && args.id) {
        const stored = (await ctx.profiles()).find((p) => p.id === args.id);
        if (stored?.password) profile.password = stored.password;
      }
      return testProfile(profile);
    },
    'connections.open': async ({ id }) => openConnection(ctx, await ctx.profileById(id)),
    'connections.close': async ({ id }) => {
      const c = ctx.connection(id);
      ctx.open.delete(id);
      return c.close();
    },
    'connections.states': async () => [...ctx.open.values()].map((c) => c.state),
  };
}
