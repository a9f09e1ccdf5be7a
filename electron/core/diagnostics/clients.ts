import type Redis from 'ioredis';
import type { ClientConnectionView, ClientGroupView, ClientsData } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';

/** Cachescope names every connection it makes `cachescope:<role>` (redis/options.ts). */
export const OWN_NAME_PREFIX = 'cachescope:';
/** Idle this long: a leaked connection, or a pool far bigger than its load. */
export const IDLE_HOURS_SEC = 3600;
/** Output buffers past this: a slow reader (or MONITOR, or a huge reply) holding server memory. */
export const BIG_OUTPUT_BYTES = 1024 * 1024;

/** One CLIENT LIST line (`id=3 addr=… name=… idle=0 …`) → its fields. Names have no spaces (Redis refuses them). */
function fieldsOf(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of line.trim().split(' ')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

const int = (v: string | undefined) => {
  const x = Number(v);
  return Number.isFinite(x) ? x : 0;
};

export function parseClientList(text: string): ClientConnectionView[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const f = fieldsOf(line);
      const name = f['name'] ? f['name'] : null;
      return {
        id: int(f['id']),
        addr: f['addr'] ?? '?',
        name,
        ageSec: int(f['age']),
        idleSec: int(f['idle']),
        db: int(f['db']),
        cmd: f['cmd'] ?? '',
        outputBufferBytes: int(f['omem']),
        flags: f['flags'] ?? '',
        own: name !== null && name.startsWith(OWN_NAME_PREFIX),
      };
    });
}

/** `10.0.0.5:51234` → `10.0.0.5` (an IPv6 address keeps its colons). */
export function hostOf(addr: string): string {
  const i = addr.lastIndexOf(':');
  return i > 0 ? addr.slice(0, i) : addr;
}

function groupFlags(g: Omit<ClientGroupView, 'flags'>, monitors: number): string[] {
  const flags: string[] = [];
  if (g.name === null) flags.push('unnamed: the app sets no CLIENT SETNAME, so its connections cannot be told apart from others on this host');
  if (g.minIdleSec >= IDLE_HOURS_SEC) flags.push(`idle for hours: ${g.connections === 1 ? 'its connection has' : `all ${g.connections} connections have`} done nothing for at least ${Math.floor(g.minIdleSec / 3600)} h`);
  if (g.outputBufferBytes >= BIG_OUTPUT_BYTES) flags.push(`big output buffers: ${formatBytes(g.outputBufferBytes)} waiting to be read`);
  if (monitors > 0) flags.push(`MONITOR: ${monitors === 1 ? 'a connection streams' : `${monitors} connections stream`} every command the server runs (costly)`);
  return flags;
}

/** Connections grouped by name and host, most connections first. */
export function groupClients(clients: readonly ClientConnectionView[]): ClientGroupView[] {
  const groups = new Map<string, ClientConnectionView[]>();
  for (const c of clients) {
    const key = `${c.name ?? ''}\u0000${hostOf(c.addr)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out = [...groups.values()].map((members) => {
    const first = members[0]!;
    const g = {
      name: first.name,
      host: hostOf(first.addr),
      connections: members.length,
      ids: members.map((m) => m.id),
      minIdleSec: Math.min(...members.map((m) => m.idleSec)),
      maxIdleSec: Math.max(...members.map((m) => m.idleSec)),
      outputBufferBytes: members.reduce((s, m) => s + m.outputBufferBytes, 0),
      dbs: [...new Set(members.map((m) => m.db))].sort((a, b) => a - b),
      cmds: [...new Set(members.map((m) => m.cmd))].sort(),
      own: first.own,
    };
    return { ...g, flags: g.own ? [] : groupFlags(g, members.filter((m) => m.flags.includes('O')).length) };
  });
  return out.sort((a, b) => Number(a.own) - Number(b.own) || b.connections - a.connections || (a.name ?? '').localeCompare(b.name ?? ''));
}

/** CLIENT LIST of one node, grouped. Refusals throw (see panelRead). */
export async function readClients(client: Redis): Promise<ClientsData> {
  const clients = parseClientList(String(await client.call('CLIENT', 'LIST')));
  return { clients, groups: groupClients(clients) };
}
