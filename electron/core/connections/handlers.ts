import type { ConnectionState, ParsedArgs } from '../../../shared/contract';
import { protectionLowered, protectionPhrase } from '../../../shared/profile-protection';
import { AuditLog, auditFile } from '../audit/audit-log';
import { Auditor } from '../audit/auditor';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { testProfile } from './test-profile';
import { connectOnceTo } from '../redis/connect-once';
import { detectTopology } from '../redis/detect-topology';
import { Connection } from './connection';
import { HistoryFile, historyDir } from '../metrics/history-file';
import { ENV_PROFILE_ID, keepSecrets, resolveInput, toView, type ResolvedProfile } from '../profile/profile';

type Names = 'app.info' | 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.showDefault' | 'profiles.test' | 'connections.open' | 'connections.close' | 'connections.states';

/** Opens under way (the topology probe takes a round trip): a second open of the same id waits for the first. */
const opening = new WeakMap<CoreContext, Map<string, Promise<ConnectionState>>>();

export function openConnection(ctx: CoreContext, given: ResolvedProfile): Promise<ConnectionState> {
  const unusable = given.source === 'env' && given.id === ENV_PROFILE_ID ? ctx.envDefault.unusable : undefined;
  if (unusable) {
    // Nothing to connect to (a REST-only environment): say so instead of trying some other Redis.
    const state: ConnectionState = { id: given.id, status: 'error', code: 'ENV_NOT_REDIS_PROTOCOL', reason: unusable, since: Date.now() };
    ctx.bus.emit('connection.state', state);
    return Promise.resolve(state);
  }
  const existing = ctx.open.get(given.id);
  if (existing) return Promise.resolve(existing.state);
  const pending = opening.get(ctx) ?? new Map<string, Promise<ConnectionState>>();
  opening.set(ctx, pending);
  let open = pending.get(given.id);
  if (!open) {
    open = openNew(ctx, given).finally(() => pending.delete(given.id));
    pending.set(given.id, open);
  }
  return open;
}

async function openNew(ctx: CoreContext, given: ResolvedProfile): Promise<ConnectionState> {
  const profile = await detectTopology(given);
  // A one-shot run's own connection: one client, connected once (a failure is this command's
  // CoreError, in the words the CLI always used), no reconnecting, no INFO poller.
  const once = ctx.options.oneShot && ctx.options.session?.id === profile.id ? await connectOnceTo(profile, 'cli', ctx.options.commandTimeoutMs ? { commandTimeout: ctx.options.commandTimeoutMs } : {}) : undefined;
  const c = new Connection(
    profile,
    {
      onState: (s) => ctx.bus.emit('connection.state', s),
      onSample: (s) => ctx.bus.emit('metrics.sample', s),
    },
    once,
    // A CLI run's samples are its own lines, not the app's history.
    ctx.options.mode === 'cli' ? undefined : historyDir(ctx.options.dataDir),
  );
  ctx.open.set(profile.id, c);
  const state = await c.open();
  if (state.status === 'ready') await ctx.opened(c);
  return state;
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
  const auditor = new Auditor(new AuditLog(auditFile(ctx.options.dataDir)), ctx.options.mode, ctx.bus);

  /**
   * A save that lowers a saved profile's protection (read-only off, a less protected tag) needs
   * the connection's name typed, and is audited either way: a crafted message cannot flip it
   * silently. Returns what was lowered, for the audit entry after the save.
   */
  const checkProtection = async (args: ParsedArgs<'profiles.save'>): Promise<{ before: ResolvedProfile; changes: string[] } | null> => {
    if (!args.id) return null;
    const before = (await ctx.profiles()).find((p) => p.id === args.id) ?? (args.id === ENV_PROFILE_ID ? ctx.envDefault.profile : undefined);
    if (!before) return null;
    const { confirmation, ...fields } = args;
    const changes = protectionLowered(before, resolveInput(fields).profile);
    if (changes.length === 0) return null;
    const phrase = protectionPhrase(before);
    if (confirmation !== phrase) {
      const message = `Not confirmed: ${changes.join(' and ')} on "${before.name}" needs its name typed exactly ("${phrase}").`;
      await auditor.record(before, { action: 'profile-protection', target: changes.join('; '), outcome: 'refused', message });
      throw new CoreError('BAD_REQUEST', message);
    }
    return { before, changes };
  };

  /**
   * Deleting the environment default dismisses it (and a saved copy of it): it leaves the list
   * and stops polling, also after a restart. It cannot leave an empty list: with nothing else
   * saved it is the connection Cachescope starts with.
   */
  const dismissDefault = async (): Promise<boolean> => {
    const saved = await ctx.store.list();
    const others = saved.filter((p) => p.id !== ENV_PROFILE_ID);
    if (others.length === 0) {
      // Alone, a saved (edited) copy of the default is deleted: the environment's own comes back.
      if (!saved.some((p) => p.id === ENV_PROFILE_ID)) throw new CoreError('BAD_REQUEST', 'The default connection is the only one: add another connection before dismissing it.');
      await closeIfOpen(ctx, ENV_PROFILE_ID);
      await ctx.store.delete(ENV_PROFILE_ID);
      await publishProfiles();
      return true;
    }
    await ctx.defaultListing.setDismissed(true);
    await ctx.store.delete(ENV_PROFILE_ID);
    await publishProfiles(); // closes it: no longer listed
    return true;
  };

  return {
    'app.info': async () => ({
      name: 'Cachescope',
      version: ctx.options.version,
      mode: ctx.options.mode,
      platform: process.platform,
      defaultSource: ctx.envDefault.source,
      ...(ctx.envDefault.unusable ? { defaultUnusable: ctx.envDefault.unusable } : {}),
    }),
    'profiles.list': async () => (await ctx.profiles()).map(toView),
    'profiles.save': async (args) => {
      const lowered = await checkProtection(args);
      const { confirmation: _confirmation, ...fields } = args;
      // Saving the environment's default keeps its password (from REDIS_URL / REDIS_PASSWORD)
      // unless a new one is typed: the UI never had it to send back.
      const envPassword = ctx.envDefault.profile.password;
      const input = fields.id === ENV_PROFILE_ID && fields.password === undefined && envPassword ? { ...fields, password: envPassword } : fields;
      const saved = await ctx.store.save(input);
      if (lowered)
        await auditor.record(saved, { action: 'profile-protection', target: lowered.changes.join('; '), outcome: 'ok', message: `${lowered.changes.join(' and ')} on "${saved.name}", confirmed by typing its name.` });
      // A changed profile takes effect on an open connection by reopening it.
      if (await closeIfOpen(ctx, saved.id)) await openConnection(ctx, saved);
      await publishProfiles();
      return toView(saved);
    },
    'profiles.delete': async ({ id }) => {
      if (id === ENV_PROFILE_ID) return { deleted: await dismissDefault() };
      await closeIfOpen(ctx, id);
      const deleted = await ctx.store.delete(id);
      // Its minute history goes with it: the folder holds the saved connections' only.
      if (deleted) await new HistoryFile(historyDir(ctx.options.dataDir), id).remove();
      await publishProfiles();
      return { deleted };
    },
    'profiles.showDefault': async () => {
      await ctx.defaultListing.setDismissed(false);
      await publishProfiles();
      return (await ctx.profiles()).map(toView);
    },
    'profiles.test': async (args) => {
      if ('id' in args && Object.keys(args).length === 1) return testProfile(await ctx.profileById(args.id as string));
      const { profile, secretsGiven } = resolveInput(args);
      // Testing an edited saved profile without retyping its password (or SSH secrets) uses the stored ones.
      if ('id' in args && args.id) {
        const stored = (await ctx.profiles()).find((p) => p.id === args.id);
        if (stored) keepSecrets(profile, stored, secretsGiven);
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
