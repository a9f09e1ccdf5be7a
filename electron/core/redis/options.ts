import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import { CoreError } from '../errors';
import type { ResolvedProfile } from '../profile/profile';
import { sshConnector } from '../ssh/connector';
import { sshSentinelConnector } from '../ssh/sentinel-connector';

/** Roles of Cachescope's connections; each is named `cachescope:<role>` in CLIENT LIST. */
export type ClientRole = 'poll' | 'scan' | 'values' | 'admin' | 'test' | 'cli' | 'actions' | 'appstats';

export function reconnectDelayMs(attempt: number): number {
  // 200 ms, 400 ms, 800 ms … capped at 10 s: quick after a blip, gentle on an outage.
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 10_000);
}

function readTlsFile(file: string, what: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    throw new CoreError('TLS', `Cannot read the TLS ${what} file ${file}: ${(e as Error).message}`);
  }
  // Node ignores a CA or certificate it cannot parse, silently: refuse it here instead. The
  // message names the file only, never its contents.
  const isKey = what === 'client key';
  if (!(isKey ? isPemKey(pem) : isPemCertificate(pem))) throw new CoreError('TLS', `The TLS ${what} file ${file} is not a PEM ${isKey ? 'private key' : 'certificate'}.`);
  return pem;
}

function isPemCertificate(pem: Buffer): boolean {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return false;
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function isPemKey(pem: Buffer): boolean {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString('latin1'))) return false;
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The admin client's bound on one command (CONFIG GET, INFO): these answer in microseconds, so
 * no answer in this time means a paused or busy server, reported as SLOW instead of a request
 * that hangs until the server wakes.
 */
export const ADMIN_COMMAND_TIMEOUT_MS = 5000;

/** ioredis options for a profile. Certificates are verified unless the profile says otherwise. */
export function redisOptionsFor(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): RedisOptions {
  const options: RedisOptions = {
    host: profile.host,
    port: profile.port,
    db: profile.db,
    connectionName: `cachescope:${role}`,
    connectTimeout: profile.connectTimeoutMs,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    // ioredis's ready check runs INFO and, for a user denied INFO by ACL, prints a warning to
    // the console; the first real command (PING, a poll) tells readiness and permissions instead.
    enableReadyCheck: false,
    autoResubscribe: false,
    retryStrategy: reconnectDelayMs,
    // A command in flight when the socket drops is not replayed: a replayed read would be
    // counted twice by the server but once by the read ledger, and a replayed write twice.
    autoResendUnfulfilledCommands: false,
    ...(role === 'admin' ? { commandTimeout: ADMIN_COMMAND_TIMEOUT_MS } : {}),
    ...extra,
  };
  // Through SSH: every client of the profile (poll, scan, actions, the CLI) reaches Redis over the
  // tunnel; a Sentinel set's sentinels and the primary they name too.
  if (profile.ssh?.enabled) {
    refuseSocketFor(profile);
    options.Connector = profile.kind === 'sentinel' ? sshSentinelConnector(profile) : sshConnector(profile);
  }
  if (profile.username) options.username = profile.username;
  if (profile.password) options.password = profile.password;
  if (profile.kind === 'sentinel' && profile.sentinel) {
    // ioredis asks the sentinels for the primary and asks again after a failover.
    options.sentinels = [{ host: profile.host, port: profile.port }, ...profile.seeds];
    options.name = profile.sentinel.masterName;
    if (profile.sentinel.username) options.sentinelUsername = profile.sentinel.username;
    if (profile.sentinel.password) options.sentinelPassword = profile.sentinel.password;
    // The sentinels are retried as the node would be: never by a one-shot run, no more once
    // the connection knows retrying cannot help (a wrong master name or sentinel password).
    options.sentinelRetryStrategy = extra.sentinelRetryStrategy ?? extra.retryStrategy ?? reconnectDelayMs;
    // A +switch-master announced by a sentinel moves the clients at once, not at the next error.
    options.failoverDetector = true;
    // Sentinels may announce addresses this machine cannot reach, as cluster nodes may.
    if (profile.natMap.length) options.natMap = natMapOf(profile);
  }
  if (profile.tls.enabled) {
    options.tls = {
      rejectUnauthorized: profile.tls.verify,
      ...(profile.tls.servername ? { servername: profile.tls.servername } : {}),
      ...(profile.tls.caFile ? { ca: readTlsFile(profile.tls.caFile, 'CA') } : {}),
      ...(profile.tls.certFile ? { cert: readTlsFile(profile.tls.certFile, 'client certificate') } : {}),
      ...(profile.tls.keyFile ? { key: readTlsFile(profile.tls.keyFile, 'client key') } : {}),
    };
    if (profile.kind === 'sentinel') {
      // rediss-sentinel://: TLS to the data nodes and to the sentinels, with the same trust.
      options.enableTLSForSentinelMode = true;
      options.sentinelTLS = options.tls;
    }
  }
  return options;
}

/** A Unix socket on the SSH host is one server: a cluster's or a Sentinel set's nodes are reached by their TCP addresses. */
function refuseSocketFor(profile: ResolvedProfile): void {
  if (!profile.ssh?.redisSocket || (profile.kind !== 'cluster' && profile.kind !== 'sentinel')) return;
  const what = profile.kind === 'cluster' ? 'a Redis Cluster' : 'a Sentinel set';
  throw new CoreError('UNSUPPORTED', `A Unix socket on the SSH host (${profile.ssh.redisSocket}) reaches one server, not ${what}: leave the socket empty to reach its nodes by the addresses they announce, resolved on the SSH host.`);
}

/** The profile's address map as ioredis takes it: "announced host:port" → reachable address. */
function natMapOf(profile: ResolvedProfile): Record<string, { host: string; port: number }> {
  return Object.fromEntries(profile.natMap.map((m) => [`${m.from.host}:${m.from.port}`, { host: m.to.host, port: m.to.port }]));
}

/**
 * ioredis Cluster options for a profile: every node gets the profile's credentials, TLS and
 * client name; the address map turns announced addresses into reachable ones.
 */
export function clusterOptionsFor(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): ClusterOptions {
  // Through SSH, each node's client (options below) dials its own announced address over the tunnel.
  const { host: _h, port: _p, db: _db, retryStrategy, enableOfflineQueue, lazyConnect: _lazy, ...node } = redisOptionsFor({ ...profile, db: 0 }, role, extra);
  const natMap = natMapOf(profile);
  return {
    redisOptions: node,
    lazyConnect: true,
    scaleReads: 'master',
    ...(enableOfflineQueue === false ? { enableOfflineQueue: false } : {}),
    clusterRetryStrategy: (times: number) => (typeof retryStrategy === 'function' ? (retryStrategy(times) ?? null) : reconnectDelayMs(times)),
    slotsRefreshTimeout: Math.max(profile.connectTimeoutMs, 1000),
    // A failover or a slot move shows within seconds even with no MOVED to trigger a refresh.
    slotsRefreshInterval: 5000,
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    ...(profile.natMap.length ? { natMap } : {}),
  };
}
