import type { ErrorCode } from '../../shared/envelope';

/** An error the core means to show a user: a code from the contract and a sentence. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
