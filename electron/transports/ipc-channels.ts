/** IPC channel names shared by the main-side adapter and the preload bridge. */
export const INVOKE_CHANNEL_PREFIX = 'cachescope:invoke:';
export const STREAM_CHANNEL = 'cachescope:stream';

/** One channel per command, so main can register exactly the contract's commands. */
export function invokeChannel(command: string): string {
  return INVOKE_CHANNEL_PREFIX + command;
}

/** Payload of every message on STREAM_CHANNEL. */
export interface StreamMessage {
  stream: string;
  data: unknown;
}
