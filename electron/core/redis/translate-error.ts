import { CoreError } from '../errors';
import { describeRedisError } from './describe-error';

/**
 * Any error that reaches a handler's caller, as a CoreError with a contract code and words a
 * user can act on: the one place a Redis or socket error becomes a reply. A CoreError passes
 * through (its thrower already said it best); EXECABORT is reported by the command that caused
 * it; only what is not a Redis, socket or timeout error stays INTERNAL (a bug of ours).
 */
export function translateError(error: unknown, where: string): CoreError {
  if (error instanceof CoreError) return error;
  const cause = (error as { previousErrors?: unknown[] } | null)?.previousErrors?.[0] ?? error;
  const d = describeRedisError(cause, where);
  return new CoreError(d.code, d.message);
}
