/**
 * Whether restoring an undo file or backup would write somewhere other than where its keys
 * came from. Pure and shared: the core refuses such a restore unless told, the UI asks first.
 */

// Names of this machine that a header and a profile may use for the same server.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function address(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function normalise(server: string): string {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(server.trim().toLowerCase());
  if (!m) return server.trim().toLowerCase();
  return `${LOOPBACK.has(m[1]!) ? 'loopback' : m[1]}:${m[2]}`;
}

/** A cluster's name in a header ("cluster 10.0.0.1:7000 +2") is its first seed's address. */
function seedOf(server: string): string {
  return /^cluster (\S+)( \+\d+)?$/.exec(server.trim())?.[1] ?? server;
}

/**
 * Why `to` is not where the file's keys came from, naming both — or null when it is. A cluster
 * is the same cluster reached through any node the file names (its header lists them) or any
 * seed the target lists.
 */
export function restoreTargetMismatch(
  from: { server: string; db: number; nodes?: readonly string[] | undefined },
  to: { host: string; port: number; db: number; seeds?: readonly { host: string; port: number }[] | undefined },
): string | null {
  const here = address(to.host, to.port);
  const origin = new Set([seedOf(from.server), ...(from.nodes ?? [])].map(normalise));
  const reached = [here, ...(to.seeds ?? []).map((s) => address(s.host, s.port))].map(normalise);
  if (reached.some((a) => origin.has(a)) && from.db === to.db) return null;
  return `This file holds keys of db ${from.db} on ${from.server || 'an unnamed server'}, but the target is db ${to.db} on ${here}.`;
}
