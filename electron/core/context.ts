import type { AppInfo, CommandName, CommandReply, ParsedArgs } from '../../shared/contract';
import type { Connection } from './connections/connection';
import type { ResolvedProfile } from './profile/profile';
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
  /** Save/open dialogs, given by the desktop's main; absent in serve mode and the CLI. */
  dialogs?: Dialogs;
  /** "Start demo": the demo load generator, given by main/serve; without it demo.start answers UNSUPPORTED. */
  startDemo?: DemoLauncher;
}

/** What every feature's handlers may use; built once by `createCore`. */
export interface CoreContext {
  options: CoreOptions;
  bus: StreamBus;
  store: ProfileStore;
  envDefault: { profile: ResolvedProfile; source: string };
  /** Saved profiles, or the environment's default when nothing is saved. */
  profiles(): Promise<ResolvedProfile[]>;
  profileById(id: string): Promise<ResolvedProfile>;
  /** The open connection, or CoreError NOT_CONNECTED. */
  connection(id: string): Connection;
  open: Map<string, Connection>;
  /** Tell every client the profile list changed (and stop polling profiles that left it). */
  publishProfiles(): Promise<void>;
  /** Run on `core.close()` before connections close (stop demos, jobs…). */
  onClose(cleanup: () => Promise<unknown>): void;
}

export type Handler<C extends CommandName> = (args: ParsedArgs<C>) => Promise<CommandReply<C>>;
export type Handlers = { [C in CommandName]: Handler<C> };
/** A feature module provides the handlers of its own commands. */
export type HandlersFor<K extends CommandName> = Pick<Handlers, K>;
