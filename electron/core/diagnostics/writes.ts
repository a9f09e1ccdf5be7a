import type { ConfirmRequirement } from '../../../shared/contract';
import type { Auditor } from '../audit/auditor';
import type { Connection } from '../connections/connection';
import { checkConfirmation, confirmFor } from '../actions/confirm';
import { CoreError } from '../errors';
import { translateError } from '../redis/translate-error';
import { isReplyError } from './refusal';

export interface DiagnosticWrite<T> {
  action: string;
  target: string;
  /** The write itself, once allowed and confirmed; its result and a line for the audit log. */
  run: () => Promise<{ result: T; resultCount: number; message: string }>;
}

/** What a diagnostics write asks for: a click on dev/staging, the connection's name on prod. */
export function writeConfirm(connection: Connection): ConfirmRequirement {
  return confirmFor(connection.profile);
}

/**
 * A diagnostics write (SLOWLOG RESET, CONFIG SET, CLIENT KILL) as every write goes: refused on a
 * read-only connection, checked against its confirmation, and written to the audit log — refused,
 * done or failed. A refusal by the server (renamed, ACL) comes back as NO_PERMISSION/UNSUPPORTED in words.
 */
export async function runWrite<T>(auditor: Auditor, connection: Connection, confirmation: string, write: DiagnosticWrite<T>): Promise<T> {
  const { profile } = connection;
  const { action, target } = write;
  await auditor.guardWritable(profile, action, target);
  try {
    checkConfirmation(writeConfirm(connection), confirmation);
  } catch (e) {
    await auditor.record(profile, { action, target, outcome: 'refused', message: (e as Error).message });
    throw e;
  }
  const started = performance.now();
  try {
    const { result, resultCount, message } = await write.run();
    await auditor.record(profile, { action, target, resultCount, durationMs: performance.now() - started, outcome: 'ok', message });
    return result;
  } catch (e) {
    const error = serverRefusal(e) ?? translateError(e, connection.where);
    await auditor.record(profile, { action, target, durationMs: performance.now() - started, outcome: 'failed', message: error.message });
    throw error;
  }
}

function serverRefusal(e: unknown): CoreError | null {
  if (!isReplyError(e)) return null;
  if (/^NOPERM/.test(e.message)) return new CoreError('NO_PERMISSION', `This connection's ACL user may not do this: ${e.message}`);
  if (/unknown command|unknown subcommand/i.test(e.message)) return new CoreError('UNSUPPORTED', `The command is disabled on this server (renamed away with rename-command): ${e.message}`);
  return null;
}
