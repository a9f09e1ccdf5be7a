import type { SshHostKeySeen } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/envelope';

/**
 * A failure on the way to Redis through SSH, already in words. It travels as an ioredis
 * 'error' (the tunnel is below ioredis), so describeRedisError passes it through unchanged.
 */
export class SshError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Retrying with the same settings cannot help (auth refused, host key unknown or changed). */
    readonly fatal: boolean,
    /** For SSH_HOST_KEY_UNKNOWN: what the user may confirm. */
    readonly hostKey?: SshHostKeySeen,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export function isSshError(e: unknown): e is SshError {
  return e instanceof SshError;
}
