import type { CachescopeApi } from '../../shared/contract/api';
import { COMMAND_NAMES, STREAM_NAMES, fail, type CommandName } from '../../shared/contract';
import { STREAM_CHANNEL, invokeChannel, type StreamMessage } from './ipc-channels';

/** The slice of Electron's ipcRenderer the bridge uses (structural: tests pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: StreamMessage) => void): unknown;
}

const commandNames = new Set<string>(COMMAND_NAMES);
const streamNames = new Set<string>(STREAM_NAMES);

/**
 * The `window.cachescope` object of the desktop app. Only contract commands reach main, each on
 * its own channel; stream listeners never see the IPC event (it carries `sender` = ipcRenderer).
 */
export function createIpcClient(ipc: IpcRendererLike): CachescopeApi {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  let subscribed = false;

  function ensureSubscribed(): void {
    if (subscribed) return;
    subscribed = true;
    ipc.on(STREAM_CHANNEL, (_event, message) => {
      if (!message || typeof message.stream !== 'string') return;
      for (const listener of listeners.get(message.stream) ?? []) {
        try {
          listener(message.data);
        } catch (error) {
          console.error(`cachescope: a "${message.stream}" listener threw`, error);
        }
      }
    });
  }

  const api: CachescopeApi = {
    async invoke(command, args) {
      if (typeof command !== 'string' || !commandNames.has(command)) {
        return fail('BAD_REQUEST', `Unknown command: ${String(command)}`);
      }
      try {
        return (await ipc.invoke(invokeChannel(command satisfies CommandName), args)) as Awaited<ReturnType<CachescopeApi['invoke']>>;
      } catch (error) {
        return fail('INTERNAL', error instanceof Error ? error.message : String(error));
      }
    },
    on(stream, listener) {
      if (!streamNames.has(stream)) throw new Error(`Unknown stream: ${String(stream)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      ensureSubscribed();
      let set = listeners.get(stream);
      if (!set) listeners.set(stream, (set = new Set()));
      // Payloads are the contract's stream types; main only sends what core.on emitted.
      const untyped = listener as (data: unknown) => void;
      set.add(untyped);
      return () => {
        set.delete(untyped);
      };
    },
  };
  return Object.freeze(api);
}
