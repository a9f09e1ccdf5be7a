import { ZodError } from 'zod';
import {
  commands,
  fail,
  ok,
  type AppInfo,
  type CommandName,
  type CommandReply,
  type ConnectionState,
  type Envelope,
  type ParsedArgs,
  type ProfileView,
  type StreamName,
  type Streams,
  type TestResult,
} from '../../shared/contract';
import { Connection } from './connections/connection';
import { ENV_PROFILE_ID, profileFromEnv, resolveInput, toView, type ResolvedProfile } from './connections/profile';
import { ProfileStore } from './connections/profile-store';
import type { SecretBox } from './connections/secret-box';
import { CoreError } from './errors';
import { StreamBus } from './events';
import { parseInfo } from './metrics/info-parser';
import { connectOnce } from './redis/connect-once';

export interface CoreOptions {
  dataDir: string;
  secrets: SecretBox;
  mode: AppInfo['mode'];
  version: string;
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  invoke(command: string, args: unknown): Promise<Envelope<unknown>>;
  on<S extends StreamName>(stream: S, listener: (data: Streams[S]) => void): () => void;
  close(): Promise<void>;
}

type Handlers = { [C in CommandName]: (args: ParsedArgs<C>) => Promise<CommandReply<C>> };

export function errorToEnvelope(error: unknown): Envelope<never> {
  if (error instanceof CoreError) return fail(error.code, error.message);
  if (error instanceof ZodError)
    return fail('BAD_REQUEST', error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; '));
  return fail('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** Test a profile: connect without retries, read the server's identity, disconnect. */
export async function testProfile(profile: ResolvedProfile): Promise<TestResult> {
  const t0 = performance.now();
  const client = await connectOnce(profile, 'test');
  try {
    const latencyMs = performance.now() - t0;
    const info = parseInfo(await client.info('server').catch(() => ''));
    const replication = parseInfo(await client.info('replication').catch(() => ''));
    const dbsize = await client.dbsize();
    return {
      version: info.fields['redis_version'] ?? 'unknown',
      mode: info.fields['redis_mode'] ?? 'unknown',
      role: replication.fields['role'] ?? 'unknown',
      latencyMs,
      dbsize,
    };
  } finally {
    client.disconnect();
  }
}

export function createCore(options: CoreOptions): Core {
  const bus = new StreamBus();
  const store = new ProfileStore(options.dataDir, options.secrets);
  const envDefault = profileFromEnv(options.env ?? process.env);
  const open = new Map<string, Connection>();

  /** Saved profiles, or the environment's default when nothing is saved. */
  async function profiles(): Promise<ResolvedProfile[]> {
    const saved = await store.list();
    return saved.length > 0 ? saved : [envDefault.profile];
  }

  async function profileById(id: string): Promise<ResolvedProfile> {
    const p = (await profiles()).find((x) => x.id === id) ?? (id === ENV_PROFILE_ID ? envDefault.profile : undefined);
    if (!p) throw new CoreError('NOT_FOUND', `No connection with id ${id}`);
    return p;
  }

  function connection(id: string): Connection {
    const c = open.get(id);
    if (!c) throw new CoreError('NOT_CONNECTED', `Connection ${id} is not open`);
    return c;
  }

  async function publishProfiles(): Promise<ProfileView[]> {
    const views = (await profiles()).map(toView);
    bus.emit('profiles.changed', views);
    return views;
  }

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'Cachescope',
      version: options.version,
      mode: options.mode,
      platform: process.platform,
      defaultSource: envDefault.source,
    }),
    'profiles.list': async () => (await profiles()).map(toView),
    'profiles.save': async (args) => {
      const saved = await store.save(args);
      // A changed profile takes effect on an open connection by reopening it.
      const current = open.get(saved.id);
      if (current) {
        await current.close();
        open.delete(saved.id);
        await openConnection(saved);
      }
      await publishProfiles();
      return toView(saved);
    },
    'profiles.delete': async ({ id }) => {
      const current = open.get(id);
      if (current) {
        await current.close();
        open.delete(id);
      }
      const deleted = await store.delete(id);
      await publishProfiles();
      return { deleted };
    },
    'profiles.test': async (args) => {
      if ('id' in args && Object.keys(args).length === 1) return testProfile(await profileById(args.id as string));
      const { profile, passwordGiven } = resolveInput(args);
      // Testing an edited saved profile without retyping its password uses the stored one.
      if (!passwordGiven && 'id' in args && args.id) {
        const stored = (await profiles()).find((p) => p.id === args.id);
        if (stored?.password) profile.password = stored.password;
      }
      return testProfile(profile);
    },
    'connections.open': async ({ id }) => openConnection(await profileById(id)),
    'connections.close': async ({ id }) => {
      const c = connection(id);
      open.delete(id);
      return c.close();
    },
    'connections.states': async () => [...open.values()].map((c) => c.state),
    'metrics.history': async ({ id }) => connection(id).history.snapshot(),
  };

  async function openConnection(profile: ResolvedProfile): Promise<ConnectionState> {
    const existing = open.get(profile.id);
    if (existing) return existing.state;
    const c = new Connection(profile, {
      onState: (s) => bus.emit('connection.state', s),
      onSample: (s) => bus.emit('metrics.sample', s),
    });
    open.set(profile.id, c);
    return c.open();
  }

  return {
    async invoke(command, rawArgs) {
      try {
        if (!Object.prototype.hasOwnProperty.call(commands, command)) throw new CoreError('BAD_REQUEST', `Unknown command: ${command}`);
        const name = command as CommandName;
        const args = commands[name].args.parse(rawArgs ?? {});
        const handler = handlers[name] as (a: unknown) => Promise<unknown>;
        return ok(await handler(args));
      } catch (error) {
        return errorToEnvelope(error);
      }
    },
    on: (stream, listener) => bus.on(stream, listener),
    async close() {
      await Promise.all([...open.values()].map((c) => c.close()));
      open.clear();
    },
  };
}
