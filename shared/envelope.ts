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
