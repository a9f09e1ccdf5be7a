/**
 * Reply envelope used by every transport. Errors never cross a transport as thrown
 * exceptions (Electron strips them to a string), they travel as data.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'NOT_CONNECTED',
  'AUTH_FAILED',
  'NO_PERMISSION',
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'TLS',
  /** The connection's db is beyond the server's `databases` (its SELECT failed). */
  'NO_SUCH_DB',
  'READ_ONLY',
  'UNSUPPORTED',
  'CANCELLED',
  'INTERNAL',
  /** No answer in time on an open socket: paused, busy or overloaded — not lost. */
  'SLOW',
  /** The key holds another type than the command expects (WRONGTYPE): it changed meanwhile. */
  'WRONG_TYPE',
  /** The server refused a write for memory (OOM: maxmemory reached, nothing to evict). */
  'OUT_OF_MEMORY',
  /** The server is there but cannot serve now: loading, busy script, primary or cluster down. */
  'UNAVAILABLE',
  /** Any other error reply of the server, in its own words. */
  'REDIS_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
