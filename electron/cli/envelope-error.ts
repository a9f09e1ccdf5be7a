import type { ErrorCode, WireError } from '../../shared/envelope';
import { CliError, exitCodeForCoreCode } from './exit-codes';
import { permissionError } from './permission-error';

/** A command the core refused or failed: its envelope code kept, for a caller that adds advice. */
export class CoreFailure extends CliError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(exitCodeForCoreCode(code), message);
    this.name = 'CoreFailure';
  }
}

/** An error envelope from the core as the CLI's one line and exit code (a NOPERM the core passed on raw: exit 4, naming the command). */
export function envelopeError(error: WireError, where: string): CliError {
  return permissionError(new Error(error.message), where) ?? new CoreFailure(error.code, error.message);
}
