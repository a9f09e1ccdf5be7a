import type { CachescopeApi } from '../../shared/contract/api';
import { COMMAND_NAMES, STREAM_NAMES, fail, type CommandName, type Envelope } from '../../shared/contract';
import type { Core } from '../core/core';

const commandNames = new Set<string>(COMMAND_NAMES);
const streamNames = new Set<string>(STREAM_NAMES);

/**
 * What crosses a wire: plain data, copied. Nothing the caller keeps a reference to can change
 * the core's state afterwards (or the other way round), as with IPC and the WebSocket.
 */
function overTheWire<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/**
 * The third transport (beside IPC and the WebSocket): a `CachescopeApi` over a core in the
 * same process, for the CLI. Same front door — unknown commands refused as the IPC client
 * refuses them, every request validated by the core, replies as envelopes — so a command run
 * from a terminal gets exactly the policies (read-only, confirmation, audit, undo) of the UI.
 */
export function createInProcessClient(core: Pick<Core, 'invoke' | 'on'>): CachescopeApi {
  const api: CachescopeApi = {
    async invoke(command, args) {
      if (typeof command !== 'string' || !commandNames.has(command)) return fail('BAD_REQUEST', `Unknown command: ${String(command)}`);
      let sent: unknown;
      try {
        sent = overTheWire(args);
      } catch (error) {
        // A function or a class instance in the args would not survive a wire either.
        return fail('BAD_REQUEST', `Arguments cannot be sent: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        const reply = await core.invoke(command satisfies CommandName, sent);
        return overTheWire(reply) as Envelope<never>;
      } catch (error) {
        // The core answers with envelopes; a throw here is a bug, still reported as one.
        return fail('INTERNAL', error instanceof Error ? error.message : String(error));
      }
    },
    on(stream, listener) {
      if (!streamNames.has(stream)) throw new Error(`Unknown stream: ${String(stream)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      return core.on(stream, (data) => {
        try {
          listener(overTheWire(data));
        } catch (error) {
          console.error(`cachescope: a "${stream}" listener threw`, error);
        }
      });
    },
  };
  return Object.freeze(api);
}
