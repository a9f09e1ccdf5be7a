import type Redis from 'ioredis';
import type { ReplicaView, ReplicationView, ServerConfigView } from '../../../shared/contract';
import { num, parseInfo, parseKvList } from '../metrics/info-parser';

/** The limits and settings worth a glance on a cache server (unknown ones are simply absent). */
export const CONFIG_PARAMETERS = [
  'maxmemory',
  'maxmemory-policy',
  'maxmemory-samples',
  'maxmemory-eviction-tenacity',
  'maxclients',
  'timeout',
  'tcp-keepalive',
  'databases',
  'save',
  'appendonly',
  'appendfsync',
  'lazyfree-lazy-eviction',
  'lazyfree-lazy-expire',
  'activedefrag',
  'hz',
  'io-threads',
  'slowlog-log-slower-than',
  'latency-monitor-threshold',
  'notify-keyspace-events',
  'replica-read-only',
  'min-replicas-to-write',
] as const;

/** An error the server answered (as opposed to a socket that failed). */
function isReplyError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ReplyError';
}

/** Why CONFIG GET was refused, in words a user can act on. */
export function refusalReason(message: string): string {
  if (/^NOPERM/.test(message)) return "This connection's ACL user is not allowed to run CONFIG GET, so the server's settings cannot be read. Memory limit and policy still come from INFO.";
  if (/unknown command/i.test(message))
    return 'CONFIG is disabled on this server (renamed away with rename-command, as hardened and managed servers do), so its settings cannot be read. Memory limit and policy still come from INFO.';
  return `The server refused CONFIG GET (${message}). Memory limit and policy still come from INFO.`;
}

/**
 * CONFIG GET of each parameter, one per call in a single pipeline (servers before 7.0 take
 * one pattern per call). A refusal by the server (renamed, ACL, a managed service's own
 * error) is an answer, `permitted: false`, never an error; a socket failure still throws.
 */
export async function readConfig(client: Redis): Promise<Pick<ServerConfigView, 'permitted' | 'reason' | 'values'>> {
  const pipeline = client.pipeline();
  for (const p of CONFIG_PARAMETERS) pipeline.config('GET', p);
  const replies = (await pipeline.exec()) ?? [];
  const values: Record<string, string> = {};
  for (const [err, reply] of replies) {
    if (err) {
      if (isReplyError(err)) return { permitted: false, reason: refusalReason(err.message), values: {} };
      throw err;
    }
    // RESP2 answers [name, value, …]; an unknown parameter answers [].
    const flat = Array.isArray(reply) ? reply.map(String) : [];
    for (let i = 0; i + 1 < flat.length; i += 2) values[flat[i]!] = flat[i + 1]!;
  }
  return { permitted: true, values };
}

/** INFO replication → who this server follows, or who follows it. */
export function replicationFromInfo(text: string): ReplicationView {
  const f = parseInfo(text).fields;
  const replicas: ReplicaView[] = [];
  for (const [key, value] of Object.entries(f)) {
    if (!/^slave\d+$/.test(key)) continue;
    const kv = parseKvList(value);
    replicas.push({ address: `${kv['ip'] ?? '?'}:${kv['port'] ?? '?'}`, state: kv['state'] ?? 'unknown', offset: num(kv, 'offset'), lagSec: num(kv, 'lag') });
  }
  const view: ReplicationView = { role: f['role'] ?? 'unknown', replicas, replOffset: num(f, 'master_repl_offset') };
  if (f['master_host']) {
    view.masterAddress = `${f['master_host']}:${f['master_port'] ?? '?'}`;
    view.masterLinkStatus = f['master_link_status'] ?? 'unknown';
    view.masterLastIoSecondsAgo = num(f, 'master_last_io_seconds_ago');
  }
  return view;
}

export async function readReplication(client: Redis): Promise<ReplicationView | null> {
  try {
    return replicationFromInfo(await client.info('replication'));
  } catch (e) {
    if (isReplyError(e)) return null; // INFO denied: the panel shows replication as unknown
    throw e;
  }
}
