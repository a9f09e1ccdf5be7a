import { z } from 'zod';
import { ProfileInput, ProfileSaveArgs, SshTrustArgs, TLS_FILE_KINDS } from './profiles';
import type { ConnectionState, ProfileView, SshHostKeySeen, TestResult } from './profiles';
import type { BasicFacts, MetricHistory, MetricSample } from './metrics';
import { keyspaceCommands, type KeyspaceStreams } from './keyspace';

export * from './profiles';
export * from './metrics';
export * from './keys';
export * from './key-detail';
import { keyDetailCommands } from './key-detail';
export * from './keyspace';
export * from '../envelope';
export * from './actions';
import { actionCommands, ACTION_STREAM_NAMES, type ActionStreams } from './actions';
export * from './dashboard';
export * from './demo';
import { demoCommands } from './demo';
import { dashboardCommands, DASHBOARD_STREAM_NAMES, type DashboardStreams } from './dashboard';
export * from './diagnostics';
import { diagnosticsCommands } from './diagnostics';
export * from './misses';
import { missesCommands, missesSampleCommands, MISSES_STREAM_NAMES, type MissesStreams } from './misses';

const Id = z.string().min(1).max(64);
const NoArgs = z.object({}).strict().default({});

export interface AppInfo {
  name: 'Cachescope';
  version: string;
  /** `cli`: a core a command-line run embeds (through the in-process transport). */
  mode: 'desktop' | 'serve' | 'cli';
  platform: string;
  /** Where the default profile came from when nothing is saved. */
  defaultSource: string;
  /** The environment names no Redis-protocol address (only Upstash's REST URL): why, and what to set. The default is then never connected. */
  defaultUnusable?: string;
}

/** Foundation commands: profiles, connections, metrics. Features add their own maps below. */
const baseCommands = {
  'app.info': { args: NoArgs, reply: null as unknown as AppInfo },
  'profiles.list': { args: NoArgs, reply: null as unknown as ProfileView[] },
  'profiles.save': { args: ProfileSaveArgs, reply: null as unknown as ProfileView },
  /** Deleting the environment default's id dismisses it from the list (kept across restarts). */
  'profiles.delete': { args: z.object({ id: Id }).strict(), reply: null as unknown as { deleted: boolean } },
  /** List the dismissed environment default again; replies with the new list. */
  'profiles.showDefault': { args: NoArgs, reply: null as unknown as ProfileView[] },
  /** Test a profile before saving: either new fields, or a saved id. */
  'profiles.test': {
    args: z.union([z.object({ id: Id }).strict(), ProfileInput]),
    reply: null as unknown as TestResult,
  },
  /**
   * Desktop: main's open dialog picks a TLS file (CA, client certificate or key) and replies
   * with its path, which the form then saves in the profile; the file's contents are read by the
   * core when connecting and never reach the renderer. UNSUPPORTED where there is no dialog
   * (serve mode, CLI: type the path), CANCELLED when the user closes the dialog.
   */
  'profiles.chooseTlsFile': { args: z.object({ which: z.enum(TLS_FILE_KINDS) }).strict(), reply: null as unknown as { path: string } },
  /** Remember an SSH host key the core has just been shown (by fingerprint) in Cachescope's known_hosts. */
  'ssh.trustHostKey': { args: SshTrustArgs, reply: null as unknown as SshHostKeySeen },
  'connections.open': { args: z.object({ id: Id }).strict(), reply: null as unknown as ConnectionState },
  'connections.close': { args: z.object({ id: Id }).strict(), reply: null as unknown as ConnectionState },
  'connections.states': { args: NoArgs, reply: null as unknown as ConnectionState[] },
  'metrics.history': { args: z.object({ id: Id }).strict(), reply: null as unknown as MetricHistory },
  /**
   * PING + INFO now, derived as the poller derives its samples (rates against the previous one),
   * pushed on `metrics.sample` too: how a one-shot core (the CLI's `stats`), which runs no poller,
   * samples. An error is the poll's: SLOW (no answer in time), NO_PERMISSION (INFO denied), or why
   * the connection was lost.
   */
  'metrics.sample.now': { args: z.object({ id: Id }).strict(), reply: null as unknown as MetricSample },
  /** DBSIZE and PING, for a connection whose user may not run INFO. */
  'metrics.basics': { args: z.object({ id: Id }).strict(), reply: null as unknown as BasicFacts },
} as const;

/**
 * Every command, declared once: `args` is validated in main at the boundary; `reply` is a
 * type only (the core produces it). A feature adds a `shared/contract/<feature>.ts` map and
 * one spread here.
 */
export const commands = {
  ...baseCommands,
  ...keyDetailCommands,
  ...dashboardCommands,
  ...demoCommands,
  ...keyspaceCommands,
  ...actionCommands,
  ...diagnosticsCommands,
  ...missesCommands,
  ...missesSampleCommands,
  // feature command maps go here
} as const;

export type CommandName = keyof typeof commands;
export type CommandArgs<C extends CommandName> = z.input<(typeof commands)[C]['args']>;
export type ParsedArgs<C extends CommandName> = z.output<(typeof commands)[C]['args']>;
export type CommandReply<C extends CommandName> = (typeof commands)[C]['reply'];
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

/** Every stream the core pushes, with its payload type. Features extend it with `&`. */
interface BaseStreams {
  'connection.state': ConnectionState;
  'metrics.sample': MetricSample;
  'profiles.changed': ProfileView[];
}
export type Streams = BaseStreams & KeyspaceStreams & ActionStreams & DashboardStreams & MissesStreams; // & FeatureStreams …
export type StreamName = keyof Streams;
export const STREAM_NAMES: StreamName[] = [
  'connection.state',
  'metrics.sample',
  'profiles.changed',
  'scan.progress',
  ...ACTION_STREAM_NAMES,
  ...DASHBOARD_STREAM_NAMES,
  ...MISSES_STREAM_NAMES,
  // feature stream names go here
];
