import { randomUUID } from 'node:crypto';
import { ENV_COLORS, ProfileInput, type ProfileFields, type SentinelOptions, type ProfileView, type SshOptions, type SshView } from '../../../shared/contract';
import { parseRedisUrl, RedisUrlError } from '../../../shared/redis-url';
import { CoreError } from '../errors';

/** The SSH settings with their secrets in clear: main only. */
export interface ResolvedSsh extends SshOptions {
  /** The user's known_hosts to honour instead of ~/.ssh/known_hosts (the CLI's --ssh-known-hosts). */
  knownHostsFile?: string;
}

/** A profile with everything needed to connect, password in clear: lives only in main. */
export interface ResolvedProfile extends Omit<ProfileFields, 'url' | 'password' | 'id' | 'color' | 'ssh'> {
  id: string;
  color: string;
  password?: string;
  ssh?: ResolvedSsh;
  source: 'saved' | 'env';
  /** The environment default only: which variables gave its address (`REDIS_URL`, `default localhost:6379`…). */
  origin?: string;
}

/** Which secrets the input named (given = set or, when empty, removed); the others are kept on save. */
export interface SecretsGiven {
  password: boolean;
  sshPassphrase: boolean;
  sshPassword: boolean;
  sentinelPassword: boolean;
}

export const ENV_PROFILE_ID = 'env-default';

/** Validate input and expand `url` into fields. Throws CoreError(BAD_REQUEST) with a readable reason. */
export function resolveInput(input: unknown, id?: string): { profile: ResolvedProfile; passwordGiven: boolean; secretsGiven: SecretsGiven } {
  const parsed = ProfileInput.safeParse(input);
  if (!parsed.success) throw new CoreError('BAD_REQUEST', `Invalid connection: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}`);
  const f = parsed.data;
  const profile: ResolvedProfile = {
    id: id ?? f.id ?? randomUUID(),
    name: f.name,
    host: f.host,
    port: f.port,
    ...(f.username ? { username: f.username } : {}),
    ...(f.password ? { password: f.password } : {}),
    db: f.db,
    tls: f.tls,
    connectTimeoutMs: f.connectTimeoutMs,
    readOnly: f.readOnly,
    env: f.env,
    color: f.color ?? ENV_COLORS[f.env],
    pollIntervalMs: f.pollIntervalMs,
    ...(f.ssh ? { ssh: withoutEmptySecrets(f.ssh) } : {}),
    kind: f.kind,
    seeds: f.seeds,
    ...(f.sentinel ? { sentinel: withoutEmptyPassword(f.sentinel) } : {}),
    pinNode: f.pinNode,
    natMap: f.natMap,
    source: 'saved',
  };
  let passwordGiven = f.password !== undefined;
  if (f.url) {
    try {
      const u = parseRedisUrl(f.url);
      profile.host = u.host;
      profile.port = u.port;
      profile.db = u.db;
      if (u.username) profile.username = u.username;
      if (u.password) {
        profile.password = u.password;
        passwordGiven = true;
      }
      if (u.tls) profile.tls = { ...profile.tls, enabled: true };
      // Several hosts or a sentinel scheme name the topology; a single host leaves it to the
      // profile's kind (and to auto-detection on connect).
      if (u.kind) {
        profile.kind = u.kind;
        profile.seeds = u.seeds ?? [];
      }
      if (u.kind === 'sentinel' && u.masterName) profile.sentinel = { ...profile.sentinel, masterName: u.masterName };
    } catch (e) {
      throw new CoreError('BAD_REQUEST', e instanceof RedisUrlError ? e.message : String(e));
    }
  }
  return {
    profile,
    passwordGiven,
    secretsGiven: { password: passwordGiven, sshPassphrase: f.ssh?.passphrase !== undefined, sshPassword: f.ssh?.password !== undefined, sentinelPassword: f.sentinel?.password !== undefined },
  };
}

function withoutEmptyPassword(s: SentinelOptions): SentinelOptions {
  const { password, ...rest } = s;
  return { ...rest, ...(password ? { password } : {}) };
}

/** An empty passphrase or password means "none" (and, on save, "remove the stored one"). */
function withoutEmptySecrets(ssh: SshOptions): ResolvedSsh {
  const { passphrase, password, ...rest } = ssh;
  return { ...rest, ...(passphrase ? { passphrase } : {}), ...(password ? { password } : {}) };
}

export function sshView(ssh: ResolvedSsh): SshView {
  return {
    enabled: ssh.enabled,
    host: ssh.host,
    port: ssh.port,
    username: ssh.username,
    auth: ssh.auth,
    ...(ssh.keyFile ? { keyFile: ssh.keyFile } : {}),
    hasPassphrase: !!ssh.passphrase,
    hasPassword: !!ssh.password,
    ...(ssh.jump ? { jump: ssh.jump } : {}),
    ...(ssh.redisSocket ? { redisSocket: ssh.redisSocket } : {}),
  };
}

/** Keep the stored secrets the input did not name (the renderer never had them to send back). */
export function keepSecrets(profile: ResolvedProfile, old: ResolvedProfile, given: SecretsGiven): void {
  if (!given.password && old.password) profile.password = old.password;
  if (profile.ssh && old.ssh) {
    if (!given.sshPassphrase && old.ssh.passphrase) profile.ssh.passphrase = old.ssh.passphrase;
    if (!given.sshPassword && old.ssh.password) profile.ssh.password = old.ssh.password;
  }
  if (profile.sentinel && !given.sentinelPassword && old.sentinel?.password) profile.sentinel.password = old.sentinel.password;
}

/** The environment's default connection, and what else the environment says about the app's cache. */
export interface EnvDefault {
  profile: ResolvedProfile;
  /** Which variables gave its address, e.g. `REDIS_URL`, `default localhost:6379` (none set). */
  source: string;
  /** A variable was set but is unusable, in words: the app falls back to localhost, a CLI command refuses. */
  problem?: string;
  /**
   * The environment names a cache Cachescope cannot speak to (only Upstash's HTTP REST endpoint):
   * the default must not connect anywhere — least of all to an unrelated localhost:6379 — and says this.
   */
  unusable?: string;
  /** REDIS_KEY_PREFIX (SkillUp, ioredis `keyPrefix` users): every key carries it; the tree's default fold. */
  keyPrefix?: string;
}

/** The variables that name a Redis address; with none of them set the default is localhost:6379. */
export const ADDRESS_VARIABLES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_ADDR'] as const;

/** Why an Upstash REST URL is not enough, and what to set instead (`cli`: a command's words). */
export function restOnlyWords(restUrl: string | undefined, where: 'app' | 'cli' = 'app'): string {
  const host = restHost(restUrl);
  return (
    `UPSTASH_REDIS_REST_URL is set but REDIS_URL is not: that is an HTTP REST endpoint, and Cachescope speaks the Redis protocol. ` +
    `Copy the database's rediss:// endpoint from the provider's console (rediss://default:PASSWORD@${host ?? 'HOST'}:6379) and set it as REDIS_URL` +
    (where === 'cli' ? ', or pass it as --url.' : ', or add it as a connection.') +
    ` Cachescope does not fall back to localhost:6379 here: that would be another Redis.`
  );
}


function restHost(restUrl: string | undefined): string | null {
  try {
    return restUrl ? new URL(restUrl).hostname || null : null;
  } catch {
    return null;
  }
}

/**
 * The profile these apps already configure through their environment: REDIS_URL (any form
 * parseRedisUrl reads: several hosts for a cluster, redis-sentinel://), else REDIS_SENTINELS
 * with REDIS_SENTINEL_MASTER (and REDIS_SENTINEL_PASSWORD), else
 * REDIS_HOST/REDIS_PORT/REDIS_PASSWORD/REDIS_DB, else REDIS_ADDR=host:port, else — unless
 * only Upstash's REST variables are set, which name no Redis-protocol address — localhost:6379.
 */
export function profileFromEnv(env: NodeJS.ProcessEnv): EnvDefault {
  const base = { name: 'Local Redis', env: 'dev' as const };
  let input: Record<string, unknown>;
  let source: string;
  let unusable: string | undefined;
  const keyPrefix = env.REDIS_KEY_PREFIX ? { keyPrefix: env.REDIS_KEY_PREFIX } : {};
  const db = env.REDIS_DB && /^\d+$/.test(env.REDIS_DB) ? Number(env.REDIS_DB) : 0;
  if (env.REDIS_URL) {
    input = { ...base, name: 'REDIS_URL', url: env.REDIS_URL };
    source = 'REDIS_URL';
  } else if (env.REDIS_SENTINELS) {
    // host:port,host:port of the sentinels, and the name of the primary they watch.
    const [first, ...more] = env.REDIS_SENTINELS.split(',').map((s) => splitHostPort(s, 26379));
    const [host, port] = first as [string, number];
    input = {
      ...base,
      name: 'REDIS_SENTINELS',
      kind: 'sentinel',
      host,
      port,
      seeds: more.map(([h, p]) => ({ host: h, port: p })),
      db,
      ...(env.REDIS_SENTINEL_MASTER ? { sentinel: { masterName: env.REDIS_SENTINEL_MASTER, ...(env.REDIS_SENTINEL_PASSWORD ? { password: env.REDIS_SENTINEL_PASSWORD } : {}) } } : {}),
    };
    source = 'REDIS_SENTINELS';
  } else if (env.REDIS_HOST || env.REDIS_PORT) {
    input = { ...base, name: 'REDIS_HOST', host: env.REDIS_HOST || 'localhost', port: Number(env.REDIS_PORT || 6379), db };
    source = 'REDIS_HOST/REDIS_PORT';
  } else if (env.REDIS_ADDR) {
    const [host, port] = splitHostPort(env.REDIS_ADDR);
    input = { ...base, name: 'REDIS_ADDR', host, port, db };
    source = 'REDIS_ADDR';
  } else if (env.UPSTASH_REDIS_REST_URL || env.UPSTASH_REDIS_REST_TOKEN) {
    // Shown where the database is (the REST host serves the Redis protocol too), never connected.
    input = { ...base, name: 'UPSTASH_REDIS_REST_URL', host: restHost(env.UPSTASH_REDIS_REST_URL) ?? 'localhost', port: 6379, tls: { enabled: true, verify: true }, db };
    source = env.UPSTASH_REDIS_REST_URL ? 'UPSTASH_REDIS_REST_URL' : 'UPSTASH_REDIS_REST_TOKEN';
    unusable = restOnlyWords(env.UPSTASH_REDIS_REST_URL);
  } else {
    input = { ...base, host: 'localhost', port: 6379, db };
    source = 'default localhost:6379';
  }
  if (env.REDIS_PASSWORD && !env.REDIS_URL) input.password = env.REDIS_PASSWORD;
  if (env.REDIS_USERNAME && !env.REDIS_URL) input.username = env.REDIS_USERNAME;
  try {
    const { profile } = resolveInput(input, ENV_PROFILE_ID);
    return { profile: { ...profile, source: 'env', origin: source }, source, ...keyPrefix, ...(unusable ? { unusable, problem: unusable } : {}) };
  } catch (e) {
    // A malformed variable must not stop the app: fall back to localhost and say why.
    const { profile } = resolveInput({ ...base, host: 'localhost', port: 6379 }, ENV_PROFILE_ID);
    const problem = `${source}: ${(e as Error).message}`;
    const fallback = `default localhost:6379 (ignored ${problem})`;
    return { profile: { ...profile, source: 'env', origin: fallback }, source: fallback, problem, ...keyPrefix };
  }
}

export function splitHostPort(addr: string, defaultPort = 6379): [string, number] {
  const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(addr.trim());
  const host = m?.[1] || 'localhost';
  const port = m?.[2] ? Number(m[2]) : defaultPort;
  return [host, port];
}

export function toView(p: ResolvedProfile): ProfileView {
  return {
    id: p.id,
    name: p.name,
    host: p.host,
    port: p.port,
    ...(p.username ? { username: p.username } : {}),
    hasPassword: !!p.password,
    db: p.db,
    tls: p.tls,
    connectTimeoutMs: p.connectTimeoutMs,
    readOnly: p.readOnly,
    env: p.env,
    color: p.color,
    pollIntervalMs: p.pollIntervalMs,
    ...(p.ssh ? { ssh: sshView(p.ssh) } : {}),
    kind: p.kind,
    seeds: p.seeds,
    ...(p.sentinel
      ? { sentinel: { masterName: p.sentinel.masterName, ...(p.sentinel.username ? { username: p.sentinel.username } : {}), hasPassword: !!p.sentinel.password } }
      : {}),
    pinNode: p.pinNode,
    natMap: p.natMap,
    source: p.source,
    ...(p.origin ? { origin: p.origin } : {}),
  };
}

export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function describeAddress(
  p: Pick<ResolvedProfile, 'host' | 'port'> & { ssh?: ResolvedSsh | undefined; kind?: ResolvedProfile['kind']; seeds?: ResolvedProfile['seeds']; sentinel?: ResolvedProfile['sentinel'] },
): string {
  const first = hostPort(p.host, p.port);
  const more = p.seeds?.length ? ` +${p.seeds.length}` : '';
  const redis =
    p.kind === 'cluster' ? `cluster ${first}${more}` : p.kind === 'sentinel' ? `"${p.sentinel?.masterName ?? '?'}" via sentinel ${first}${more}` : first;
  // Through SSH, name the way in too: Redis's own address is only meaningful from the SSH host.
  if (!p.ssh?.enabled) return redis;
  const via = `${p.ssh.host.includes(':') ? `[${p.ssh.host}]` : p.ssh.host}${p.ssh.port === 22 ? '' : `:${p.ssh.port}`}`;
  return p.ssh.redisSocket ? `${p.ssh.redisSocket} on ${via} (SSH)` : `${redis} via SSH ${via}`;
}
