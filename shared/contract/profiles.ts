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

/** What a caller sends to save or test a profile. `url`, when given, overrides host/port/auth/db/tls. */
export const ProfileInput = z
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
  })
  .strict();
export type ProfileInput = z.input<typeof ProfileInput>;

/**
 * profiles.save: a save that lowers a saved profile's protection (read-only off, a less
 * protected tag) must carry `confirmation`, the connection's name as the user typed it.
 */
export const ProfileSaveArgs = ProfileInput.extend({ confirmation: z.string().max(300).optional() }).strict();
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
}

export interface TestResult {
  version: string;
  role: string;
  mode: string;
  latencyMs: number;
  dbsize: number;
}
