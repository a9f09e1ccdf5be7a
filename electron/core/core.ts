import { ZodError } from 'zod';
import { commands, fail, ok, type CommandName, type Envelope, type StreamName, type Streams } from '../../shared/contract';
import type { Connection } from './connections/connection';
import { connectionHandlers } from './connections/handlers';
import { tlsFileHandler } from './connections/tls-file-handler';
import { ENV_PROFILE_ID, profileFromEnv, toView } from './profile/profile';
import { demoHandlers } from './demo/handlers';
import { ProfileStore } from './connections/profile-store';
import { DefaultListing } from './connections/default-listing';
import type { CoreContext, CoreOptions, Handlers } from './context';
import { CoreError } from './errors';
import { translateError } from './redis/translate-error';
import { StreamBus } from './events';
import { metricHandlers } from './metrics/handlers';
import { scanHandlers } from './scan/handlers';
import { analysisHandlers } from './analysis/handlers';
import { alertHandlers } from './alerts/handlers';
import { appStatsHandlers } from './app-stats/handlers';
import { serverConfigHandlers } from './server-config/handlers';
import { actionHandlers } from './actions/handlers';
import { diagnosticsHandlers } from './diagnostics/handlers';
import { valueChunks, downloadName } from './key-detail/download';
import { DownloadTickets } from './key-detail/download-tickets';
import { keyDetailHandlers } from './key-detail/handlers';
import { missesHandlers } from './misses/handlers';
import { configureKnownHosts, trustHostKey } from './ssh/host-key-trust';

export type { CoreOptions } from './context';
export { testProfile } from './connections/test-profile';

export interface Core {
  invoke(command: string, args: unknown): Promise<Envelope<unknown>>;
  on<S extends StreamName>(stream: S, listener: (data: Streams[S]) => void): () => void;
  close(): Promise<void>;
  /** Serve mode: the value a `keys.value.download` link names (once), streamed in chunks; null when unknown or used. */
  openDownload(ticket: string): ValueStream | null;
}

export interface ValueStream {
  filename: string;
  chunks: AsyncGenerator<{ total: number; chunk: Buffer }>;
}

/** `where`: the connection's address when the request named an open one (for the error's words). */
export function errorToEnvelope(error: unknown, where = 'the Redis server'): Envelope<never> {
  if (error instanceof ZodError)
    return fail('BAD_REQUEST', error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; '));
  const e = translateError(error, where);
  return fail(e.code, e.message);
}

/** The transport-free core: validates every request, runs its feature's handler, returns an envelope. */
export function createCore(options: CoreOptions): Core {
  const bus = new StreamBus();
  const store = new ProfileStore(options.dataDir, options.secrets);
  const envDefault = profileFromEnv(options.env ?? process.env);
  const defaultListing = new DefaultListing(options.dataDir);
  const open = new Map<string, Connection>();
  const cleanups: (() => Promise<unknown>)[] = [];
  const openHooks: ((connection: Connection) => Promise<unknown>)[] = [];
  const tickets = new DownloadTickets();
  // Confirmed SSH host keys are remembered in the data dir, beside the saved connections.
  configureKnownHosts({ dataDir: options.dataDir });

  const ctx: CoreContext = {
    options,
    bus,
    store,
    envDefault,
    defaultListing,
    open,
    async profiles() {
      const saved = await store.list();
      // With nothing saved the default is the one connection, dismissed or not. Once saved under
      // its own id (edited), the saved copy replaces it. Otherwise it stays last, until dismissed.
      if (saved.length === 0) return [envDefault.profile];
      if (saved.some((p) => p.id === ENV_PROFILE_ID) || (await defaultListing.dismissed())) return saved;
      return [...saved, envDefault.profile];
    },
    async profileById(id) {
      // The embedding process's own connection first: a one-shot run need not read the profile store.
      if (options.session?.id === id) return options.session;
      const p = (await ctx.profiles()).find((x) => x.id === id) ?? (id === ENV_PROFILE_ID ? envDefault.profile : undefined);
      if (!p) throw new CoreError('NOT_FOUND', `No connection with id ${id}`);
      return p;
    },
    connection(id) {
      const c = open.get(id);
      if (!c) throw new CoreError('NOT_CONNECTED', `Connection ${id} is not open`);
      return c;
    },
    async publishProfiles() {
      const profiles = await ctx.profiles();
      // A profile that left the list (deleted, or the dismissed environment default): stop polling it.
      for (const [id, c] of [...open]) {
        // The embedding process's session connection is never listed, and stays open.
        if (id === options.session?.id || profiles.some((p) => p.id === id)) continue;
        open.delete(id);
        await c.close();
      }
      bus.emit('profiles.changed', profiles.map(toView));
    },
    onClose(cleanup) {
      cleanups.push(cleanup);
    },
    onOpen(hook) {
      openHooks.push(hook);
    },
    async opened(connection) {
      await Promise.allSettled(openHooks.map((hook) => hook(connection)));
    },
  };

  // Every command must have a handler: the `Handlers` type makes a missing one a compile error.
  const handlers: Handlers = {
    ...connectionHandlers(ctx),
    ...tlsFileHandler(ctx),
    ...metricHandlers(ctx),
    ...scanHandlers(ctx),
    ...analysisHandlers(ctx),
    ...alertHandlers(ctx),
    ...appStatsHandlers(ctx),
    ...serverConfigHandlers(ctx),
    ...actionHandlers(ctx),
    ...keyDetailHandlers(ctx, tickets),
    ...demoHandlers(ctx),
    ...diagnosticsHandlers(ctx),
    ...missesHandlers(ctx),
    'ssh.trustHostKey': (args) => trustHostKey(args),
  };

  /** The address of the open connection a request names (`id`), for the words of its errors. */
  const whereOf = (rawArgs: unknown): string | undefined => {
    const id = (rawArgs as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? open.get(id)?.where : undefined;
  };

  return {
    async invoke(command, rawArgs) {
      try {
        if (!Object.prototype.hasOwnProperty.call(commands, command)) throw new CoreError('BAD_REQUEST', `Unknown command: ${command}`);
        const name = command as CommandName;
        const args = commands[name].args.parse(rawArgs ?? {});
        const handler = handlers[name] as (a: unknown) => Promise<unknown>;
        return ok(await handler(args));
      } catch (error) {
        return errorToEnvelope(error, whereOf(rawArgs));
      }
    },
    on: (stream, listener) => bus.on(stream, listener),
    openDownload(ticket) {
      const t = tickets.take(ticket);
      if (!t) return null;
      // The connection is looked up when the stream starts: it may have closed since the link was made.
      const chunks = (async function* () {
        yield* valueChunks(ctx.connection(t.connectionId), t.key);
      })();
      return { filename: downloadName(t.key), chunks };
    },
    async close() {
      await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
      await Promise.all([...open.values()].map((c) => c.close()));
      open.clear();
    },
  };
}
