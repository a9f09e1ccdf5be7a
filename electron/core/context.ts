import type { AppInfo, CommandName, CommandReply, ParsedArgs } from '../../shared/contract';
import type { Connection } from './connections/connection';
import type { EnvDefault, ResolvedProfile } from './profile/profile';
import type { DefaultListing } from './connections/default-listing';
import type { ProfileStore } from './connections/profile-store';
import type { SecretBox } from './connections/secret-box';
import type { DemoLauncher } from './demo/launcher';
import type { Dialogs } from './dialogs';
import type { StreamBus } from './events';

export interface CoreOptions {
  dataDir: string;
  secrets: SecretBox;
  mode: AppInfo['mode'];
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Save/open dialogs, given by the desktop's main, or by the CLI (answering with the file its flags name); absent in serve mode. */
  dialogs?: Dialogs;
  /** "Start demo": the demo load generator, given by main/serve; without it demo.start answers UNSUPPORTED. */
  startDemo?: DemoLauncher;
  /**
   * A connection the embedding process supplies for this run only (the CLI: its flags): opened by
   * its id like a saved profile, but never saved (its password stays in memory) and never listed.
   */
  session?: ResolvedProfile;
  /**
   * A one-shot run (the CLI): no start-up housekeeping (undo pruning), and the session connection
   * is made once, without retrying or an INFO poller — a failure to connect is the command's error.
   */
  oneShot?: boolean;
  /**
   * One-shot only: the session client's command timeout, for a command that must not wait on a
   * frozen server in silence (analyze: a SCAN page takes milliseconds). Unset: no timeout.
   */
  commandTimeoutMs?: number;
  /**
   * How long an invalidation that lost a cluster node waits for every slot to have a primary
   * again (a replica promoted) before it stops with a count. Default 60 s; tests set less.
   */
  takeoverWaitMs?: number;
}

/** What every feature's handlers may use; built once by `createCore`. */
export interface CoreContext {
  options: CoreOptions;
  bus: StreamBus;
  store: ProfileStore;
  envDefault: EnvDefault;
  /** Whether the user dismissed the environment default from the list. */
  defaultListing: DefaultListing;
  /** Saved profiles, then the environment's default (alone when nothing is saved; absent once dismissed). */
  profiles(): Promise<ResolvedProfile[]>;
  profileById(id: string): Promise<ResolvedProfile>;
  /** The open connection, or CoreError NOT_CONNECTED. */
  connection(id: string): Connection;
  open: Map<string, Connection>;
  /** Tell every client the profile list changed (and stop polling profiles that left it). */
  publishProfiles(): Promise<void>;
  /** Run on `core.close()` before connections close (stop demos, jobs…). */
  onClose(cleanup: () => Promise<unknown>): void;
  /** Run each time a connection opens ready, before `connections.open` answers (a crashed run's borrowed setting is put back). */
  onOpen(hook: (connection: Connection) => Promise<unknown>): void;
  /** The `onOpen` hooks, for the one place that opens connections; a hook's failure is its own. */
  opened(connection: Connection): Promise<void>;
}

export type Handler<C extends CommandName> = (args: ParsedArgs<C>) => Promise<CommandReply<C>>;
export type Handlers = { [C in CommandName]: Handler<C> };
/** A feature module provides the handlers of its own commands. */
export type HandlersFor<K extends CommandName> = Pick<Handlers, K>;
