import type { ErrorCode } from '../../shared/envelope';

/** Exit codes every subcommand shares, so scripts can tell "fix your command" from "fix your server". */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  CONNECT: 3,
  /** The server refused a command to this ACL user (NOPERM). */
  PERMISSION: 4,
  /** The server refused for its state: out of memory (OOM), loading, a busy script, primary or cluster down. */
  SERVER_STATE: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the terminal: one line of text and the exit code that goes with it. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or values: exit 2, with a hint to `--help`. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(EXIT.USAGE, message);
    this.name = 'UsageError';
  }
}

const CONNECT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'AUTH_FAILED',
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'TLS',
  'NOT_CONNECTED',
  'SLOW',
  // Unknown or changed SSH host keys too: refused in a non-interactive run, fingerprint printed.
  'SSH_UNREACHABLE',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_FORWARD_DENIED',
]);

/** The exit code for a CoreError's code: the core reports, the CLI decides what it means to a shell. */
export function exitCodeForCoreCode(code: ErrorCode): ExitCode {
  // A db the server does not have is the command's to fix, like any bad value.
  if (code === 'BAD_REQUEST' || code === 'NO_SUCH_DB') return EXIT.USAGE;
  if (CONNECT_CODES.has(code)) return EXIT.CONNECT;
  if (code === 'NO_PERMISSION') return EXIT.PERMISSION;
  if (code === 'OUT_OF_MEMORY' || code === 'UNAVAILABLE') return EXIT.SERVER_STATE;
  // WRONG_TYPE, REDIS_ERROR, READ_ONLY, INTERNAL…: the command failed.
  return EXIT.FAILURE;
}
