import type { ErrorCode } from '../../../shared/envelope';
import { CommandTimeoutError, isCommandTimeout } from './command-timeout';
import { isConnectionLoss } from './connection-lost';
import { isSshError } from '../ssh/ssh-error';
import { ClusterNotReadyError, UnreachableNodesError, type UnreachableNode } from './cluster-client';

export interface Described {
  code: ErrorCode;
  message: string;
  /** Retrying cannot help (bad credentials, certificate rejected): stop reconnecting. */
  fatal: boolean;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** "NOPERM this user has no permissions to run the 'info' command" → INFO. */
function deniedCommand(msg: string): string | null {
  return /run the '([^']+)' command/i.exec(msg)?.[1]?.toLowerCase() ?? null;
}

/** Words for a command the server answered slowly, or not at all: it is there, but stalled. */
export function slowServer(where: string, ms: number | null): Described {
  const waited = ms === null ? 'in time' : `for ${Number((ms / 1000).toFixed(1))} s`;
  return {
    code: 'SLOW',
    message: `${where} has not answered ${waited}: it may be paused (CLIENT PAUSE), busy (a slow command/script) or overloaded.`,
    fatal: false,
  };
}

/** Turn whatever ioredis / Node threw into words a user can act on. */
export function describeRedisError(err: unknown, where: string, context: { commandTimeoutMs?: number } = {}): Described {
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  const msg = String(e?.message ?? err ?? 'unknown error');
  // The SSH tunnel's failures are in words already, and say whether SSH or Redis behind it failed.
  if (isSshError(err)) return { code: err.code, message: err.message, fatal: err.fatal };
  // A NoSuchDbError (redis/client.ts) already says which db and how many the server has.
  if (code === 'NO_SUCH_DB') return { code: 'NO_SUCH_DB', message: msg, fatal: true };
  if (/DB index is out of range/i.test(msg)) {
    const db = (err as { command?: { args?: unknown[] } }).command?.args?.[0];
    return { code: 'NO_SUCH_DB', message: `${db === undefined ? 'This db' : `db ${String(db)}`} does not exist on ${where}.`, fatal: false };
  }
  if (msg.startsWith(ALL_SENTINELS)) return describeSentinels(msg, where);
  if (err instanceof UnreachableNodesError) return describeUnreachableNodes(err, where);
  // "Failed to refresh slots cache.": no seed answered; the last one's error says why.
  const lastNodeError = (err as { lastNodeError?: unknown } | null)?.lastNodeError;
  if (lastNodeError) {
    // ioredis asks for the slot map on a connection of its own whose socket error it drops: "closed" is all it tells.
    if (/Connection is closed/i.test(String((lastNodeError as Error).message))) return noSeedAnswered(where);
    return describeRedisError(lastNodeError, where, context);
  }
  if (err instanceof ClusterNotReadyError) {
    const cause = err.lastError ? describeRedisError(err.lastError, where, context).message : 'cluster_state is not ok, or no node answered';
    return { code: 'UNAVAILABLE', message: `${capitalize(where)} answered with its slot map but did not become ready: ${cause}`, fatal: false };
  }
  if (msg === 'None of startup nodes is available') return noSeedAnswered(where);
  // Before ETIMEDOUT: a command timeout on an open socket is a stalled server, not an unreachable one.
  if (isCommandTimeout(err)) return slowServer(where, err instanceof CommandTimeoutError ? err.ms : (context.commandTimeoutMs ?? null));
  if (code === 'ECONNREFUSED' || msg.includes('ECONNREFUSED'))
    return { code: 'CONNECTION_REFUSED', message: `Connection refused at ${where}: is Redis running and listening there?`, fatal: false };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || msg.includes('ENOTFOUND'))
    return { code: 'HOST_NOT_FOUND', message: `Host not found: ${where.replace(/:\d+$/, '')} does not resolve.`, fatal: false };
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed out/i.test(msg))
    return { code: 'TIMEOUT', message: `Timed out reaching ${where}: check the address, firewall or VPN.`, fatal: false };
  if (msg.startsWith('WRONGPASS') || /invalid password|invalid username-password/i.test(msg))
    return { code: 'AUTH_FAILED', message: `Wrong username or password for ${where}.`, fatal: true };
  if (msg.startsWith('NOAUTH'))
    return { code: 'AUTH_FAILED', message: `${where} requires a password: add one to the connection.`, fatal: true };
  if (/AUTH.*called without any password configured|Client sent AUTH, but no password is set/i.test(msg))
    return { code: 'AUTH_FAILED', message: `A password was given but ${where} has none configured: remove it from the connection.`, fatal: true };
  if (msg.startsWith('NOPERM')) {
    const command = deniedCommand(msg);
    if (command)
      return {
        code: 'NO_PERMISSION',
        message: `This user may not run ${command.toUpperCase()} on ${where} (ACL): ask an administrator for +${command}, or connect as a user that has it.`,
        fatal: false,
      };
    return { code: 'NO_PERMISSION', message: `The ACL user lacks permission on ${where}: ${msg.replace(/^NOPERM\s*/, '')}`, fatal: false };
  }
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(msg))
    return { code: 'TLS', message: `TLS failure with ${where}: ${msg}`, fatal: code !== 'EPROTO' && code !== 'ERR_SSL_WRONG_VERSION_NUMBER' };
  if (/Connection is closed|Stream isn't writeable|enableOfflineQueue/i.test(msg))
    return { code: 'NOT_CONNECTED', message: `Not connected to ${where}.`, fatal: false };
  if (isConnectionLoss(err))
    return { code: 'NOT_CONNECTED', message: `The connection to ${where} was lost: is Redis still running there? Cachescope reconnects when it is back.`, fatal: false };
  const reply = describeReply(msg, where);
  if (reply) return reply;
  // Any other error reply is the server's word, not a bug of ours: say so, with its text.
  if (e instanceof Error && e.name === 'ReplyError') return { code: 'REDIS_ERROR', message: `${where} answered with an error: ${msg}`, fatal: false };
  return { code: 'INTERNAL', message: `${where}: ${msg}`, fatal: false };
}

function noSeedAnswered(where: string): Described {
  return { code: 'NOT_CONNECTED', message: `No seed node of ${where} answered: is Redis running and listening there (check the addresses, firewall or VPN)?`, fatal: false };
}

/** What a socket error code means, in a few words. */
function unreachableWhy(code: string): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the name does not resolve here';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route or no answer';
  return 'no answer';
}

/**
 * A seed gave the slot map, but its nodes cannot be dialled at the addresses they announce
 * (containers, NAT, a cloud's private network): name them, and the map that makes them
 * reachable. Not fatal: a VPN that comes up makes them reachable.
 */
function describeUnreachableNodes(err: UnreachableNodesError, where: string): Described {
  const failed = err.nodes.slice(0, 6);
  const list = `${failed.map((n) => `${err.mapped ? `${n.announced} → ${n.dialled}` : n.announced} (${unreachableWhy(n.code)})`).join(', ')}${err.nodes.length > failed.length ? ` and ${err.nodes.length - failed.length} more` : ''}`;
  const tried = new Set(err.nodes.map((n) => n.announced));
  const others = err.announced.filter((a) => !tried.has(a));
  const alsoNamed = others.length ? `; the slot map also names ${others.slice(0, 6).join(', ')}${others.length > 6 ? ` and ${others.length - 6} more` : ''}` : '';
  const first = err.nodes[0] as UnreachableNode;
  const code = err.nodes.every((n) => n.code === 'ENOTFOUND' || n.code === 'EAI_AGAIN') ? 'HOST_NOT_FOUND' : err.nodes.every((n) => n.code === 'ECONNREFUSED') ? 'CONNECTION_REFUSED' : 'TIMEOUT';
  if (err.mapped) {
    return {
      code,
      message: `${capitalize(where)} answered, but its nodes cannot be reached at the addresses the NAT address map sends them to: ${list}${alsoNamed}. Check the map (natMap, --nat-map ANNOUNCED=REACHABLE): each announced address needs one this machine reaches.`,
      fatal: false,
    };
  }
  return {
    code,
    message:
      `${capitalize(where)} answered, but its nodes announce addresses this machine cannot reach: ${list}${alsoNamed}. ` +
      `They are the cluster's own network's (containers, NAT, a cloud's private IPs): add a NAT address map from each announced address to one this machine reaches ` +
      `(natMap in the connection; on the command line --nat-map ${first.announced}=REACHABLE_HOST:PORT for each).`,
    fatal: false,
  };
}

/** How ioredis's Sentinel connector starts the error after asking every sentinel in turn. */
const ALL_SENTINELS = 'All sentinels are unreachable';

/**
 * ioredis says "All sentinels are unreachable" both when none answered and when every one
 * answered but named no primary; the last sentinel's error (if any) follows "Last error:".
 * Words for each, and credentials problems named as the sentinels', apart from the data nodes'.
 */
function describeSentinels(msg: string, where: string): Described {
  const last = /Last error: (.*)$/s.exec(msg)?.[1]?.trim();
  const sentinels = `the sentinels (${where})`;
  if (!last || /No such master with that name/i.test(last)) {
    // The name is not one they monitor: GET-MASTER-ADDR-BY-NAME answers nil, SENTINEL SENTINELS an error.
    return {
      code: 'HOST_NOT_FOUND',
      message: `No primary by that master name is known to ${sentinels}: check the master name (SENTINEL MASTERS on a sentinel lists the names it monitors).`,
      fatal: true,
    };
  }
  if (last.startsWith('WRONGPASS') || /invalid password|invalid username-password/i.test(last))
    return { code: 'AUTH_FAILED', message: `Wrong username or password for ${sentinels}: check the sentinels' own password (kept apart from the data nodes' one).`, fatal: true };
  if (last.startsWith('NOAUTH'))
    return { code: 'AUTH_FAILED', message: `${capitalize(sentinels)} require a password: add the sentinels' password to the connection (kept apart from the data nodes' one).`, fatal: true };
  if (/AUTH.*called without any password configured|Client sent AUTH, but no password is set/i.test(last))
    return { code: 'AUTH_FAILED', message: `A sentinel password was given but ${sentinels} have none configured: remove it from the connection.`, fatal: true };
  // ioredis's sentinel clients do not retry: a refused or timed-out connect ends as "closed".
  if (/Connection is closed|Stream isn't writeable/i.test(last))
    return { code: 'NOT_CONNECTED', message: `None of ${sentinels} could be reached: is Sentinel running and listening there (check the addresses, firewall or VPN)?`, fatal: false };
  // A socket error: which sentinel it names, in the words a single node's would get.
  const address = /(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]|[\w.-]+):(\d+)\s*$/i.exec(last);
  const inner = describeRedisError(Object.assign(new Error(last), { code: /\b(E[A-Z_]+)\b/.exec(last)?.[1] }), address ? `${address[1]}:${address[2]}` : 'the last sentinel tried');
  return { code: inner.code, message: `None of ${sentinels} could be asked for the primary. ${capitalize(inner.message)}`, fatal: inner.fatal };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "ERR unknown command 'CONFIG', with args beginning with: …" → CONFIG. */
function unknownCommand(msg: string): string | null {
  return /unknown command [`']([^`']+)[`']/i.exec(msg)?.[1]?.toUpperCase() ?? null;
}

/**
 * The error replies a server gives for its own state or setup (not for a bad request of ours),
 * by their prefix, in words that say what is going on and what to do. Null for any other reply.
 */
function describeReply(msg: string, where: string): Described | null {
  const is = (prefix: string) => new RegExp(`^${prefix}\\b`).test(msg);
  const said = (code: Described['code'], message: string): Described => ({ code, message, fatal: false });
  if (/unknown command/i.test(msg)) {
    const command = unknownCommand(msg);
    return said('UNSUPPORTED', command
      ? `${where} has renamed or disabled ${command} (rename-command), so Cachescope cannot run it there.`
      : `${where} does not allow this command (renamed or unknown): ${msg}`);
  }
  if (is('WRONGTYPE')) return said('WRONG_TYPE', `The key changed type on ${where} while Cachescope was working on it (WRONGTYPE): refresh and try again.`);
  if (is('OOM'))
    return said('OUT_OF_MEMORY', `Out of memory on ${where} (maxmemory reached with noeviction, or nothing left to evict): it refuses writes until memory is freed, maxmemory is raised or maxmemory-policy allows eviction.`);
  if (is('LOADING')) return said('UNAVAILABLE', `Redis is loading its dataset into memory on ${where}: try again when it has finished.`);
  if (is('BUSY')) return said('UNAVAILABLE', `${where} is busy running a script or function (BUSY): wait for it to end, or ask an administrator for SCRIPT KILL / FUNCTION KILL.`);
  if (is('MASTERDOWN')) return said('UNAVAILABLE', `${where} is a replica that lost its primary and serves no stale data (MASTERDOWN): try again later, or connect to the primary.`);
  if (is('CLUSTERDOWN')) return said('UNAVAILABLE', `The cluster ${where} belongs to is down (CLUSTERDOWN): try again when its slots are served.`);
  if (is('TRYAGAIN')) return said('UNAVAILABLE', `${where} is moving the keys' slot (TRYAGAIN): try again in a moment.`);
  if (is('MISCONF')) return said('UNAVAILABLE', `${where} refuses writes because it cannot save its snapshot to disk (MISCONF): its administrator must fix the disk or the save settings.`);
  if (is('READONLY')) return said('READ_ONLY', `${where} is a read-only replica: connect to its primary to change keys.`);
  if (is('MOVED') || is('ASK')) return said('UNSUPPORTED', `${where} is a cluster node and the key lives on another node (${msg.split(' ')[0]}): connect to it as a cluster.`);
  if (is('CROSSSLOT')) return said('UNSUPPORTED', `The keys of one command live in different cluster slots on ${where} (CROSSSLOT): act on them one by one.`);
  if (is('NOSCRIPT')) return said('REDIS_ERROR', `${where} no longer has a script Cachescope loaded (NOSCRIPT, after SCRIPT FLUSH or a restart): try again.`);
  return null;
}
