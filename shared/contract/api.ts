import type { CommandArgs, CommandName, CommandReply, StreamName, Streams } from './index';
import type { Envelope } from '../envelope';

/**
 * The one client interface the renderer (and tests) program against; implemented by the
 * Electron preload bridge and by the WebSocket client of serve mode.
 */
export interface CachescopeApi {
  invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<Envelope<CommandReply<C>>>;
  on<S extends StreamName>(stream: S, listener: (data: Streams[S]) => void): () => void;
}

/** WebSocket frames of serve mode (same contract as IPC). */
export type ClientFrame =
  | { type: 'invoke'; id: number; command: string; args: unknown }
  | { type: 'subscribe'; streams: string[] };
export type ServerFrame =
  | { type: 'reply'; id: number; reply: Envelope<unknown> }
  | { type: 'stream'; stream: StreamName; data: unknown };
