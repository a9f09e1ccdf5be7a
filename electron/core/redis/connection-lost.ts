/**
 * Whether an error means the socket is gone (closed, reset, refused on reconnect) rather than
 * the server refusing one command. A caller that meets one stops: every later command would
 * fail the same way.
 */
export function isConnectionLost(e: unknown): boolean {
  if (!(e instanceof Error) || e.name === 'ReplyError') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return true;
  return e.name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|enableOfflineQueue|max retries per request|aborted due to connection close/i.test(e.message);
}
