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

/**
 * A fault of the cluster's state rather than of the request: a lost node (as above), a slot with
 * no primary for now (CLUSTERDOWN, ioredis's ClusterAllFailedError), or a slot that moved or is
 * moving (MOVED and ASK on a node's own connection, TRYAGAIN, ioredis giving up after its
 * redirections). Work that meets one may go on once the cluster has settled.
 */
export function isTopologyFault(e: unknown): boolean {
  if (isConnectionLoss(e)) return true;
  if (!(e instanceof Error)) return false;
  return e.name === 'ClusterAllFailedError' || /^(CLUSTERDOWN|MOVED|ASK|TRYAGAIN)\b|Too many Cluster redirections|Failed to refresh slots cache/.test(e.message);
}
