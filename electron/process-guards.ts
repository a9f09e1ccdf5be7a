/**
 * Last-resort handlers for a long-running process (serve mode, the desktop main process): an
 * error nobody caught is logged with its stack and the process keeps serving. One bad request
 * must not end a dashboard that may be midway through deleting keys for another.
 */
export interface GuardedProcess {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  return String(reason);
}

/** Install the handlers; returns their removal. */
export function installProcessGuards(log: (line: string) => void, proc: GuardedProcess = process): () => void {
  const onException = (error: Error, origin: string) => log(`${origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception'} (kept running): ${describe(error)}`);
  const onRejection = (reason: unknown) => log(`unhandled rejection (kept running): ${describe(reason)}`);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
