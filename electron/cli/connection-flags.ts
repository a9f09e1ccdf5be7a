import os from 'node:os';
import { describeAddress, profileFromEnv, resolveInput, restOnlyWords, type ResolvedProfile } from '../core/profile/profile';
import { fromNoVariable, NO_VARIABLE_WORDS } from '../../shared/env-words';
import { CoreError } from '../core/errors';
import { parseHostPort, parseRedisUrl, RedisUrlError, type UrlHost } from '../../shared/redis-url';
import { intFlag } from './args';
import { UsageError } from './exit-codes';

/** The connection flags every subcommand that talks to Redis accepts (spread into its parseArgs options). */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  db: { type: 'string' },
  tls: { type: 'boolean' },
  'tls-ca': { type: 'string' },
  insecure: { type: 'boolean' },
  'connect-timeout': { type: 'string' },
  ssh: { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-jump': { type: 'string' },
  'ssh-known-hosts': { type: 'string' },
  cluster: { type: 'boolean' },
  // Not --seed: `demo` and `seed` take --seed S, the random seed.
  'seed-node': { type: 'string', multiple: true },
  sentinel: { type: 'string', multiple: true },
  'master-name': { type: 'string' },
  'sentinel-user': { type: 'string' },
  'sentinel-password': { type: 'string' },
  'pin-node': { type: 'boolean' },
  'nat-map': { type: 'string', multiple: true },
} as const;

export interface ConnectionFlagValues {
  url?: string;
  host?: string;
  port?: string;
  username?: string;
  password?: string;
  db?: string;
  tls?: boolean;
  'tls-ca'?: string;
  insecure?: boolean;
  'connect-timeout'?: string;
  ssh?: string;
  'ssh-key'?: string;
  'ssh-jump'?: string;
  'ssh-known-hosts'?: string;
  cluster?: boolean;
  'seed-node'?: string[];
  sentinel?: string[];
  'master-name'?: string;
  'sentinel-user'?: string;
  'sentinel-password'?: string;
  'pin-node'?: boolean;
  'nat-map'?: string[];
}

export const CONNECTION_HELP = `Connection:
  --url URL               redis://[user:password@]host[:port][/db] or rediss:// for TLS
  --host HOST             server address (default 127.0.0.1)
  --port PORT             server port (default 6379)
  --username NAME         ACL user
  --password PASS         password (or set REDISCLI_AUTH, which keeps it out of the process list)
  --db N                  database number (default 0)
  --tls                   connect with TLS, verifying the certificate
  --tls-ca FILE           trust this CA certificate (implies --tls)
  --insecure              TLS without certificate verification (implies --tls)
  --connect-timeout MS    give up connecting after MS milliseconds (default 5000)
  --ssh USER@HOST[:PORT]  reach Redis through this SSH host (host/port above are resolved there);
                          authenticates with the running ssh-agent (SSH_AUTH_SOCK) unless --ssh-key
  --ssh-key FILE          private key file (passphrase from CACHESCOPE_SSH_PASSPHRASE)
  --ssh-jump USER@HOST[:PORT]  go through this jump host first (like ssh -J), same authentication
  --ssh-known-hosts FILE  the known_hosts to check host keys against (default ~/.ssh/known_hosts);
                          an unknown or changed host key is refused (exit 3), with its fingerprint
Cluster and Sentinel:
  --cluster               the node(s) named are seeds of a Redis Cluster (a cluster node is
                          found to be one anyway, unless --pin-node); --url h1:7000,h2:7001 too
  --seed-node HOST:PORT   one more cluster seed node (repeatable; implies --cluster)
  --pin-node              watch only the node named, even when it is a cluster member
  --nat-map FROM=TO       a cluster node announces HOST:PORT FROM, this machine reaches it at TO
                          (containers, NAT, private cloud addresses; repeatable)
  --sentinel HOST:PORT    a Sentinel to ask for the primary (repeatable; port default 26379);
                          --username/--password are then the data nodes'
  --master-name NAME      the primary's name the sentinels monitor (needed with --sentinel)
  --sentinel-user NAME    the sentinels' ACL user
  --sentinel-password P   the sentinels' password (or set CACHESCOPE_SENTINEL_PASSWORD)
Environment: REDIS_URL (redis://h1:7000,h2:7001 for a cluster, Lettuce's
redis-sentinel://[password@]s1:26379,s2:26379[/db]#mymaster for Sentinel), else REDIS_SENTINELS
with REDIS_SENTINEL_MASTER, else REDIS_HOST/REDIS_PORT/REDIS_PASSWORD/REDIS_DB, else REDIS_ADDR,
else localhost:6379 (said on stderr; refused when only UPSTASH_REDIS_REST_URL is set: that is
a REST endpoint, give its rediss:// one). Flags override the environment; --url, --host or --sentinel names a
different server, so the REDIS_* variables (and their password) are then ignored.`;

export const PASSWORD_ON_COMMAND_LINE =
  "Warning: Using a password with '--password' or '--url' on the command line may not be safe (other users can see it in ps); set REDISCLI_AUTH instead.";

export const SENTINEL_PASSWORD_ON_COMMAND_LINE =
  "Warning: Using a password with '--sentinel-password' on the command line may not be safe (other users can see it in ps); set CACHESCOPE_SENTINEL_PASSWORD instead.";

export interface CliConnection {
  profile: ResolvedProfile;
  /** Where the target came from, for messages: "flags", "REDIS_URL", … */
  source: string;
  /** Lines to print on stderr before connecting (e.g. verification turned off). */
  warnings: string[];
}

interface Target {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** Named by the URL or the environment: several hosts (cluster) or sentinels. */
  kind?: 'cluster' | 'sentinel';
  seeds: UrlHost[];
  sentinel?: { masterName: string; username?: string; password?: string };
}

/**
 * Flags + environment → a validated profile. Precedence, highest first: each flag; the `--url`;
 * REDISCLI_AUTH (password only, as redis-cli); the REDIS_* environment; 127.0.0.1:6379.
 * Throws UsageError with a one-line reason that never contains the password.
 */
export function resolveConnectionFlags(values: ConnectionFlagValues, env: NodeJS.ProcessEnv): CliConnection {
  const warnings: string[] = [];
  const sentinels = hostList('sentinel', values.sentinel, 26379);
  if (sentinels.length && (values.url !== undefined || values.host !== undefined || values.port !== undefined)) {
    throw new UsageError('--sentinel names the sentinels: give no --url, --host or --port with it (the sentinels tell where the primary is)');
  }
  const explicitTarget = values.url !== undefined || values.host !== undefined || sentinels.length > 0;
  let target: Target;
  let source: string;
  let tlsFromEnv = { enabled: false, verify: true } as ResolvedProfile['tls'];
  if (explicitTarget) {
    target = { host: '127.0.0.1', port: 6379, db: 0, tls: false, seeds: [] };
    source = 'flags';
  } else {
    const fromEnv = profileFromEnv(env);
    const p = fromEnv.profile;
    target = {
      host: p.host,
      port: p.port,
      db: p.db,
      tls: p.tls.enabled,
      ...(p.username ? { username: p.username } : {}),
      ...(p.password ? { password: p.password } : {}),
      ...(p.kind !== 'standalone' ? { kind: p.kind } : {}),
      seeds: p.seeds,
      ...(p.sentinel ? { sentinel: p.sentinel } : {}),
    };
    tlsFromEnv = p.tls;
    source = fromEnv.source;
    // The app falls back to localhost to start at all; a command must not act on a server nobody named.
    if (fromEnv.unusable) throw new UsageError(restOnlyWords(env.UPSTASH_REDIS_REST_URL, 'cli'));
    if (fromEnv.problem) throw new UsageError(`${fromEnv.problem} (no --url or --host given)`);
    if (fromNoVariable(fromEnv.source) && values.port === undefined) warnings.push(`${NO_VARIABLE_WORDS} Set REDIS_URL or pass --url to name another.`);
  }

  if (values.url !== undefined) {
    try {
      const u = parseRedisUrl(values.url);
      target = {
        host: u.host,
        port: u.port,
        db: u.db,
        tls: u.tls,
        ...(u.username ? { username: u.username } : {}),
        ...(u.password ? { password: u.password } : {}),
        ...(u.kind ? { kind: u.kind } : {}),
        seeds: u.seeds ?? [],
        ...(u.masterName ? { sentinel: { masterName: u.masterName } } : {}),
      };
    } catch (e) {
      throw new UsageError(`--url: ${e instanceof RedisUrlError ? e.message : 'not a redis:// URL'}`);
    }
  }
  if (sentinels.length) {
    const [first, ...more] = sentinels as [UrlHost, ...UrlHost[]];
    target = { ...target, host: first.host, port: first.port, kind: 'sentinel', seeds: more };
  }
  // A password from the URL or the REDIS_* environment outranks REDISCLI_AUTH, as in redis-cli.
  // Any user can read another's command line (ps, /proc): say so, as redis-cli does for -a and -u.
  if (values.password !== undefined || (values.url !== undefined && target.password !== undefined)) warnings.push(PASSWORD_ON_COMMAND_LINE);
  const envAuth = env.REDISCLI_AUTH;
  const password = values.password ?? (values.url !== undefined ? target.password : undefined) ?? (envAuth || undefined) ?? target.password;

  if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host must not be empty');
  const port = intFlag('port', values.port, 1, 65535);
  const db = intFlag('db', values.db, 0, 100_000);
  const connectTimeoutMs = intFlag('connect-timeout', values['connect-timeout'], 200, 120_000);
  const insecure = values.insecure === true;
  const caFile = values['tls-ca'];
  const tlsEnabled = values.tls === true || insecure || caFile !== undefined || target.tls;
  if (insecure) warnings.push('Warning: TLS certificate verification is off (--insecure): anyone on the path can read and change this connection.');

  const host = values.host?.trim() ?? target.host;
  const ssh = sshFlags(values, env);
  const topology = topologyFlags(values, env, target, warnings);
  const input = {
    // Named by its address: what the audit log and an undo file's header show for a CLI run.
    name: describeAddress({ host, port: port ?? target.port, ...topology }).slice(0, 100),
    host,
    port: port ?? target.port,
    db: db ?? target.db,
    ...(values.username !== undefined ? { username: values.username } : target.username ? { username: target.username } : {}),
    ...(password ? { password } : {}),
    tls: {
      enabled: tlsEnabled,
      verify: !insecure && tlsFromEnv.verify,
      ...(caFile !== undefined ? { caFile } : {}),
    },
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    ...(ssh ? { ssh: ssh.options } : {}),
    ...topology,
  };
  try {
    const { profile } = resolveInput(input, 'cli');
    if (profile.ssh && ssh?.knownHostsFile) profile.ssh.knownHostsFile = ssh.knownHostsFile;
    return { profile, source, warnings };
  } catch (e) {
    // resolveInput reports field names and rules, never values: safe to show.
    if (e instanceof CoreError) throw new UsageError(e.message);
    throw e;
  }
}

/** A repeatable HOST[:PORT] flag's values. */
function hostList(flag: string, values: string[] | undefined, defaultPort: number): UrlHost[] {
  return (values ?? []).map((v) => {
    try {
      return parseHostPort(v, defaultPort);
    } catch (e) {
      throw new UsageError(`--${flag}: ${e instanceof RedisUrlError ? e.message : `"${v}" is not a HOST:PORT`}`);
    }
  });
}

type TopologyFields = {
  kind: ResolvedProfile['kind'];
  seeds: UrlHost[];
  sentinel?: { masterName: string; username?: string; password?: string };
  pinNode?: true;
  natMap?: { from: UrlHost; to: UrlHost }[];
};

/**
 * The cluster and Sentinel flags over what the URL or environment said: which kind of
 * connection, its seeds (cluster) or other sentinels, the master name and the sentinels' own
 * credentials, a pinned node, the address map. Contradictions are usage errors, in words.
 */
function topologyFlags(values: ConnectionFlagValues, env: NodeJS.ProcessEnv, target: Target, warnings: string[]): TopologyFields {
  const seeds = hostList('seed-node', values['seed-node'], 6379);
  const natMap = (values['nat-map'] ?? []).map((entry) => {
    const [from, to, ...extra] = entry.split('=');
    if (from === undefined || to === undefined || extra.length) throw new UsageError(`--nat-map expects ANNOUNCED_HOST:PORT=REACHABLE_HOST:PORT, e.g. 10.0.0.5:7000=127.0.0.1:17000, got "${entry}"`);
    // The port on both sides: a map entry names one node, and nodes of one host differ by port.
    if (!/:\d+$/.test(from.trim()) || !/:\d+$/.test(to.trim())) throw new UsageError(`--nat-map needs a port on both sides, e.g. 10.0.0.5:7000=127.0.0.1:17000, got "${entry}"`);
    const [f, t] = hostList('nat-map', [from, to], 6379) as [UrlHost, UrlHost];
    return { from: f, to: t };
  });
  const sentinelKind = target.kind === 'sentinel';
  const clusterKind = values.cluster === true || seeds.length > 0 || target.kind === 'cluster';
  if (sentinelKind && clusterKind) throw new UsageError('--cluster and --seed-node name a cluster; --sentinel (or a redis-sentinel:// URL) a Sentinel set: give one or the other');
  if (values['pin-node'] && (clusterKind || sentinelKind)) throw new UsageError('--pin-node watches one node: give it without --cluster, --seed-node or --sentinel');
  const masterName = values['master-name']?.trim();
  if (values['master-name'] !== undefined && !masterName) throw new UsageError('--master-name must not be empty');
  for (const f of ['master-name', 'sentinel-user', 'sentinel-password'] as const) {
    if (values[f] !== undefined && !sentinelKind) throw new UsageError(`--${f} needs --sentinel HOST:PORT (or a redis-sentinel:// URL)`);
  }
  if (sentinelKind) {
    const name = masterName ?? target.sentinel?.masterName;
    if (!name) throw new UsageError('--sentinel needs --master-name NAME: the primary\'s name the sentinels monitor (SENTINEL MASTERS on a sentinel lists them)');
    if (values['sentinel-password'] !== undefined) warnings.push(SENTINEL_PASSWORD_ON_COMMAND_LINE);
    const username = values['sentinel-user'] ?? target.sentinel?.username;
    const password = values['sentinel-password'] ?? (env.CACHESCOPE_SENTINEL_PASSWORD || undefined) ?? target.sentinel?.password;
    return {
      kind: 'sentinel',
      seeds: target.seeds,
      sentinel: { masterName: name, ...(username ? { username } : {}), ...(password ? { password } : {}) },
      ...(natMap.length ? { natMap } : {}),
    };
  }
  return {
    kind: clusterKind ? 'cluster' : 'standalone',
    seeds: [...target.seeds, ...seeds],
    ...(values['pin-node'] ? { pinNode: true as const } : {}),
    ...(natMap.length ? { natMap } : {}),
  };
}

/** `user@host[:port]` (user defaults to the local one, as ssh does; IPv6 as `[::1]:22`). */
export function parseSshDestination(flag: string, value: string): { host: string; port: number; username: string } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[3] ? Number(m[3]) : 22;
  if (!m || port < 1 || port > 65535) throw new UsageError(`--${flag} must be USER@HOST[:PORT], e.g. deploy@bastion.example.com:22`);
  return { username: m[1] ?? os.userInfo().username, host: (m[2] as string).replace(/^\[|\]$/g, ''), port };
}

/** The --ssh* flags as the profile's SSH settings; null without --ssh. */
function sshFlags(values: ConnectionFlagValues, env: NodeJS.ProcessEnv): { options: Record<string, unknown>; knownHostsFile?: string } | null {
  if (values.ssh === undefined) {
    for (const f of ['ssh-key', 'ssh-jump', 'ssh-known-hosts'] as const) if (values[f] !== undefined) throw new UsageError(`--${f} needs --ssh USER@HOST`);
    return null;
  }
  const dest = parseSshDestination('ssh', values.ssh);
  const keyFile = values['ssh-key'];
  if (keyFile !== undefined && keyFile.trim() === '') throw new UsageError('--ssh-key must name a file');
  const passphrase = env.CACHESCOPE_SSH_PASSPHRASE;
  return {
    options: {
      enabled: true,
      ...dest,
      // The running ssh-agent by default, as ssh does; a key file when named.
      auth: keyFile !== undefined ? 'key' : 'agent',
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(keyFile !== undefined && passphrase ? { passphrase } : {}),
      ...(values['ssh-jump'] !== undefined ? { jump: parseSshDestination('ssh-jump', values['ssh-jump']) } : {}),
    },
    ...(values['ssh-known-hosts'] !== undefined ? { knownHostsFile: values['ssh-known-hosts'] } : {}),
  };
}
