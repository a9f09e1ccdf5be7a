import { CoreError } from '../errors';
import { displayBytes } from '../keys/wire-bytes';

/** A key for a sentence: exact bytes, with newlines and quotes escaped so it reads on one line. */
export function quoteKey(key: Buffer): string {
  return JSON.stringify(displayBytes(key));
}

export function keyGone(key: Buffer): CoreError {
  return new CoreError('NOT_FOUND', `Key ${quoteKey(key)} no longer exists: it was deleted, expired or evicted.`);
}

export function keyRetyped(key: Buffer, expected: string, actual: string): CoreError {
  return new CoreError('NOT_FOUND', `Key ${quoteKey(key)} is now a ${actual}, no longer the ${expected} being viewed: reopen it.`);
}
