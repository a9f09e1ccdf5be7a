/**
 * A command that got no answer in time while the socket stayed open. The server is slow,
 * paused (CLIENT PAUSE), busy (a long script, DEBUG SLEEP) or frozen — not gone: only a closed
 * or refused socket means the connection is lost.
 */
export class CommandTimeoutError extends Error {
  constructor(
    readonly ms: number,
    message = `Command timed out after ${ms} ms`,
  ) {
    super(message);
    this.name = 'CommandTimeoutError';
  }
}

/** ioredis's own `commandTimeout` rejects with this message (and no code). */
const IOREDIS_COMMAND_TIMEOUT = 'Command timed out';

export function isCommandTimeout(err: unknown): boolean {
  return err instanceof CommandTimeoutError || (err instanceof Error && err.message === IOREDIS_COMMAND_TIMEOUT);
}
