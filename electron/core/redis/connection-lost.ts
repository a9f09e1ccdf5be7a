/**
 * Did the socket fail (server gone, reset, refused on reconnect), as opposed to the server
 * answering with an error or a bug of ours? ioredis reports a lost server in several words:
 * "Connection is closed.", "Command aborted due to connection close", a socket errno, or its
 * retry limit.
 */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error) || e.name === 'ReplyError') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return true;
  return e.name === 'MaxRetriesPerRequestError' || /Connection is closed|connection close|Stream isn't writeable|enableOfflineQueue|max retries per request|socket/i.test(e.message);
}
