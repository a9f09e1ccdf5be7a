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
  /** The SSH host (or its jump host) cannot be reached: refused, not found, timed out, dropped. */
  'SSH_UNREACHABLE',
  /** The SSH host refused the key, agent identities or password (or the key file cannot be used). */
  'SSH_AUTH_FAILED',
  /** The SSH host's key is in no known_hosts file: its fingerprint must be confirmed first. */
  'SSH_HOST_KEY_UNKNOWN',
  /** The SSH host's key differs from the known one (or is revoked): refused, never replaced silently. */
  'SSH_HOST_KEY_CHANGED',
  /** SSH works, but the SSH host may not open the forward (AllowTcpForwarding, permitopen…). */
  'SSH_FORWARD_DENIED',
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
