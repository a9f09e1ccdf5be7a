import { describeRedisError } from '../core/redis/describe-error';
import { CliError, EXIT } from './exit-codes';

/**
 * A command the server refused to this ACL user (NOPERM), as a sentence naming what to ask for
 * and the documented exit code; null for any other error.
 */
export function permissionError(e: unknown, where: string): CliError | null {
  if (!(e instanceof Error) || !e.message.startsWith('NOPERM')) return null;
  return new CliError(EXIT.PERMISSION, describeRedisError(e, where).message);
}
