import { COMMAND_NAMES, STREAM_NAMES, fail, type Envelope } from '../../shared/contract';
import type { Core } from '../core/core';
import { isTrustedSender } from '../desktop/window-config';
import { STREAM_CHANNEL, invokeChannel, type StreamMessage } from './ipc-channels';

/**
 * The slices of Electron's ipcMain / IpcMainInvokeEvent / WebContents this adapter uses, typed
 * structurally: main passes the real objects, tests pass small fakes (no Electron in Node).
 */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, message: StreamMessage): void;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  core: Pick<Core, 'invoke' | 'on'>;
  /** The window's webContents, or null while there is no window. */
  webContents: () => WebContentsLike | null;
}

/**
 * The sending frame's URL, or null when it is gone: senderFrame is null after a navigation,
 * and reading a disposed frame's properties throws.
 */
function senderUrl(event: InvokeEventLike): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

/** Registers one handler per contract command and forwards every stream; returns a disposer. */
export function registerIpcTransport({ ipcMain, core, webContents }: IpcTransportOptions): () => void {
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(invokeChannel(command), async (event, args): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(senderUrl(event))) return fail('BAD_REQUEST', 'Request refused: untrusted sender');
      try {
        return await core.invoke(command, args);
      } catch (error) {
        // core.invoke answers with envelopes; this only guards the "never throw across IPC" rule.
        return fail('INTERNAL', error instanceof Error ? error.message : String(error));
      }
    });
  }

  const unsubscribes = STREAM_NAMES.map((stream) =>
    core.on(stream, (data) => {
      const wc = webContents();
      // Only our own page receives streams, even if something ever navigated the window away.
      if (!wc || wc.isDestroyed() || !isTrustedSender(wc.getURL())) return;
      wc.send(STREAM_CHANNEL, { stream, data });
    }),
  );

  return () => {
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(invokeChannel(command));
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
