import type { ErrorCode } from '../../../shared/envelope';

/** An error the server answered (as opposed to a socket that failed). */
export function isReplyError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ReplyError';
}

/** The ACL right a panel's command needs, as an administrator would grant it. */
const RIGHTS: Record<string, string> = {
  SLOWLOG: '+slowlog',
  LATENCY: '+latency',
  CLIENT: '+client|list',
  INFO: '+info',
  CONFIG: '+config|get',
};

/**
 * Why the server refused a panel's command, in words, or null when the error is not a refusal
 * (a lost socket, a timeout: those are the connection's errors and are thrown as such).
 */
export function refusal(error: unknown, command: string, panel: string): { code: ErrorCode; reason: string } | null {
  if (!isReplyError(error)) return null;
  const verb = command.split(' ')[0]!.toUpperCase();
  if (/^NOPERM/.test(error.message))
    return {
      code: 'NO_PERMISSION',
      reason: `This connection's ACL user may not run ${command}, so ${panel} cannot be shown. An administrator can grant it (ACL SETUSER <user> ${RIGHTS[verb] ?? `+${verb.toLowerCase()}`}); the other panels still work.`,
    };
  if (/unknown command|unknown subcommand/i.test(error.message))
    return {
      code: 'UNSUPPORTED',
      reason: `${verb} is disabled on this server (renamed away with rename-command, as managed services do), so ${panel} cannot be shown; the other panels still work.`,
    };
  return { code: 'REDIS_ERROR', reason: `The server refused ${command} (${error.message}), so ${panel} cannot be shown; the other panels still work.` };
}

/**
 * Run a panel's read on one node: its data, or the refusal in words. Errors that are not
 * refusals propagate (the connection's trouble, worded by the core's translator).
 */
export async function panelRead<T>(command: string, panel: string, read: () => Promise<T>): Promise<{ available: true; data: T } | { available: false; code: ErrorCode; reason: string }> {
  try {
    return { available: true, data: await read() };
  } catch (e) {
    const refused = refusal(e, command, panel);
    if (refused === null) throw e;
    return { available: false, ...refused };
  }
}
