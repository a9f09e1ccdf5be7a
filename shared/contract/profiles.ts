import { z } from 'zod';

export const ENV_TAGS = ['dev', 'staging', 'prod'] as const;
export const EnvTag = z.enum(ENV_TAGS);
export type EnvTag = z.infer<typeof EnvTag>;

/** Default colours per environment tag; a profile may override. */
export const ENV_COLORS: Record<EnvTag, string> = {
  dev: '#3fb950',
  staging: '#d29922',
  prod: '#f85149',
};

export const POLL_MIN_MS = 500;
export const POLL_MAX_MS = 60_000;

export const TlsOptions = z
  .object({
    enabled: z.boolean().default(false),
    /** Paths on the machine running the core (main process), never file contents from the renderer. */
    caFile: z.string().max(4096).optional(),
    certFile: z.string().max(4096).optional(),
    keyFile: z.string().max(4096).optional(),
    servername: z.string().max(255).optional(),
    /** Certificate verification is on unless the user explicitly turns it off. */
    verify: z.boolean().default(true),
  })
  .strict();
export type TlsOptions = z.infer<typeof TlsOptions>;

/** The TLS files a profile may name (profiles.chooseTlsFile). */
export const TLS_FILE_KINDS = ['ca', 'cert', 'key'] as const;
export type TlsFileKind = (typeof TLS_FILE_KINDS)[number];

/** A host on the way to Redis: `user@host:port`. */
export const SshHop = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().trim().min(1).max(256),
  })
  .strict();
export type SshHop = z.infer<typeof SshHop>;

export const SSH_AUTH_METHODS = ['agent', 'key', 'password'] as const;
export const SshAuthMethod = z.enum(SSH_AUTH_METHODS);
export type SshAuthMethod = z.infer<typeof SshAuthMethod>;

/**
 * Reach Redis through an SSH host (issue 19): a local forward owned by the core. Redis's host
 * and port are then resolved on the SSH host's side. The secrets (passphrase, password) follow
 * the Redis password's rules: omitted on save = keep the stored one, empty = remove it.
 */
export const SshOptions = z
  .object({
    enabled: z.boolean().default(false),
    host: z.string().trim().max(255).default(''),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().trim().max(256).default(''),
    auth: SshAuthMethod.default('agent'),
    /** A path on the machine running the core; the file is read there, never sent anywhere. */
    keyFile: z.string().max(4096).optional(),
    passphrase: z.string().max(4096).optional(),
    password: z.string().max(4096).optional(),
    /** One jump host (like `ssh -J`), authenticated the same way. */
    jump: SshHop.optional(),
    /** Redis listens on this Unix socket on the SSH host instead of host:port (stream-local forward). */
    redisSocket: z.string().max(1024).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.enabled) return;
    if (!s.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'the SSH host is required' });
    if (!s.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'the SSH user is required' });
    if (s.auth === 'key' && !s.keyFile) ctx.addIssue({ code: 'custom', path: ['keyFile'], message: 'key authentication needs a private key file' });
    if (s.redisSocket !== undefined && !s.redisSocket.startsWith('/')) ctx.addIssue({ code: 'custom', path: ['redisSocket'], message: 'must be an absolute path on the SSH host' });
  });
export type SshOptions = z.infer<typeof SshOptions>;

/** What the renderer sees of the SSH settings: never the passphrase or the password. */
export interface SshView {
  enabled: boolean;
  host: string;
  port: number;
  username: string;
  auth: SshAuthMethod;
  keyFile?: string;
  hasPassphrase: boolean;
  hasPassword: boolean;
  jump?: SshHop;
  redisSocket?: string;
}

/** An SSH host key seen but not known (state code SSH_HOST_KEY_UNKNOWN): what the user may confirm. */
export interface SshHostKeySeen {
  /** As known_hosts names it: `host` on port 22, else `[host]:port`. */
  host: string;
  port: number;
  keyType: string;
  /** As OpenSSH prints it: `SHA256:` + base64 without padding. */
  fingerprint: string;
}

/** ssh.trustHostKey: remember a host key the core has just seen, by its fingerprint. */
export const SshTrustArgs = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  })
  .strict();
export type SshTrustArgs = z.infer<typeof SshTrustArgs>;

/** How the nodes of one cache are arranged. Only the Redis target (electron/core/redis) branches on it. */
export const TOPOLOGY_KINDS = ['standalone', 'cluster', 'sentinel'] as const;
export const TopologyKind = z.enum(TOPOLOGY_KINDS);
export type TopologyKind = z.infer<typeof TopologyKind>;

export const HostPort = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
  })
  .strict();
export type HostPort = z.infer<typeof HostPort>;

/**
 * A Sentinel-managed primary: `host:port` and `seeds` are the sentinels; the primary (and its
 * replicas) are asked of them by `masterName`. The sentinels' own credentials are separate from
 * the data nodes' (Lettuce and ioredis keep them apart too); the password follows the Redis
 * password's rules (omitted on save = keep, empty = remove).
 */
export const SentinelOptions = z
  .object({
    masterName: z.string().trim().min(1).max(256),
    username: z.string().max(256).optional(),
    password: z.string().max(4096).optional(),
  })
  .strict();
export type SentinelOptions = z.infer<typeof SentinelOptions>;

/**
 * A cluster node's announced address and the address the desktop reaches it by (containers,
 * NAT, a cloud's private IPs): `from` as CLUSTER SLOTS names it, `to` as this machine dials it.
 */
export const NatMapEntry = z.object({ from: HostPort, to: HostPort }).strict();
export type NatMapEntry = z.infer<typeof NatMapEntry>;

/** What a caller sends to save or test a profile. `url`, when given, overrides host/port/auth/db/tls. */
const ProfileObject = z
  .object({
    id: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(100),
    url: z.string().max(2048).optional(),
    host: z.string().trim().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(6379),
    username: z.string().max(256).optional(),
    /** Omitted on save = keep the stored password; empty string = remove it. */
    password: z.string().max(4096).optional(),
    db: z.number().int().min(0).max(100_000).default(0),
    tls: TlsOptions.default({ enabled: false, verify: true }),
    connectTimeoutMs: z.number().int().min(200).max(120_000).default(5000),
    readOnly: z.boolean().default(false),
    env: EnvTag.default('dev'),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    pollIntervalMs: z.number().int().min(POLL_MIN_MS).max(POLL_MAX_MS).default(1000),
    ssh: SshOptions.optional(),
    /**
     * standalone: one node (a cluster node found there is watched as the whole cluster unless
     * `pinNode`); cluster: `host:port` and `seeds` are seed nodes; sentinel: they are sentinels.
     */
    kind: TopologyKind.default('standalone'),
    /** More seed nodes (cluster) or sentinels (sentinel) besides host:port. */
    seeds: z.array(HostPort).max(64).default([]),
    sentinel: SentinelOptions.optional(),
    /** Watch only the node at host:port even when it is a cluster member. */
    pinNode: z.boolean().default(false),
    natMap: z.array(NatMapEntry).max(256).default([]),
  })
  .strict();

function checkTopology(p: z.output<typeof ProfileObject>, ctx: z.RefinementCtx): void {
  if (p.kind === 'sentinel' && !p.sentinel) ctx.addIssue({ code: 'custom', path: ['sentinel', 'masterName'], message: 'a Sentinel connection needs the master name' });
  if (p.kind === 'cluster' && p.db !== 0) ctx.addIssue({ code: 'custom', path: ['db'], message: 'Redis Cluster has only db 0' });
}

export const ProfileInput = ProfileObject.superRefine(checkTopology);
export type ProfileInput = z.input<typeof ProfileInput>;

/**
 * profiles.save: a save that lowers a saved profile's protection (read-only off, a less
 * protected tag) must carry `confirmation`, the connection's name as the user typed it.
 */
export const ProfileSaveArgs = ProfileObject.extend({ confirmation: z.string().max(300).optional() }).strict().superRefine(checkTopology);
export type ProfileSaveArgs = z.input<typeof ProfileSaveArgs>;
export type ProfileFields = z.output<typeof ProfileInput>;

/** What the renderer and the CLI's JSON see: never the password. */
export interface ProfileView {
  id: string;
  name: string;
  host: string;
  port: number;
  username?: string;
  hasPassword: boolean;
  db: number;
  tls: TlsOptions;
  connectTimeoutMs: number;
  readOnly: boolean;
  env: EnvTag;
  color: string;
  pollIntervalMs: number;
  /** Present when the connection goes through an SSH host. */
  ssh?: SshView;
  kind: TopologyKind;
  seeds: HostPort[];
  /** Sentinel: the master name and user; never the sentinels' password. */
  sentinel?: { masterName: string; username?: string; hasPassword: boolean };
  pinNode: boolean;
  natMap: NatMapEntry[];
  /** `saved` in the user's profile file, or derived from environment variables (`env:REDIS_URL`…). */
  source: 'saved' | 'env';
  /**
   * The environment default only: which variables gave its address, e.g. `REDIS_URL`,
   * `REDIS_HOST/REDIS_PORT`, `default localhost:6379`. It stays listed beside saved profiles
   * until dismissed (`profiles.delete` of its id; `profiles.showDefault` lists it again).
   */
  origin?: string;
}

export const CONNECTION_STATUSES = ['idle', 'connecting', 'ready', 'reconnecting', 'error', 'closed'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export interface ServerSummary {
  version: string;
  mode: string; // standalone | cluster | sentinel
  role: string; // master | slave
  os?: string;
}

export interface ConnectionState {
  id: string;
  status: ConnectionStatus;
  /** Human sentence a user can act on, e.g. "Wrong password for user default". */
  reason?: string;
  code?: string;
  /** ms epoch of the last status change. */
  since: number;
  /** ms epoch of the next reconnect attempt while reconnecting. */
  nextRetryAt?: number;
  server?: ServerSummary;
  /** With code SSH_HOST_KEY_UNKNOWN: the key to show for confirmation (ssh.trustHostKey). */
  hostKey?: SshHostKeySeen;
}

export interface TestResult {
  version: string;
  role: string;
  mode: string;
  latencyMs: number;
  dbsize: number;
}
