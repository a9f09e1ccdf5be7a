import type { HostPort, ProfileInput, ProfileView, TopologyKind } from '../../../../shared/contract/profiles';

/**
 * The topology part of the connection form, as its inputs hold it (strings; parsed on submit).
 * Standalone: the Host and Port fields, "pin this node", the node address map. Cluster: the
 * seed nodes (one host:port per line; the first becomes the profile's host:port, the rest its
 * `seeds`) and the address map. Sentinel: the sentinels (the same way), the master name and
 * the sentinels' own user and password, write-only like the Redis password.
 */
export interface NatRow {
  from: string;
  to: string;
}

export interface TopologyFormModel {
  kind: TopologyKind;
  /** Cluster: seed nodes; sentinel: the sentinels — host:port, one per line. */
  nodes: string;
  masterName: string;
  sentinelUsername: string;
  sentinelPassword: string;
  /** Editing a profile with a stored sentinel password: an empty box keeps it… */
  keepsStoredSentinelPassword: boolean;
  /** …unless the user asks to remove it. */
  clearSentinelPassword: boolean;
  pinNode: boolean;
  /** Announced address → the address this computer reaches it by. */
  natMap: NatRow[];
}

export const DATA_PORT = 6379;
export const SENTINEL_PORT = 26379;

export function emptyTopology(): TopologyFormModel {
  return {
    kind: 'standalone',
    nodes: '',
    masterName: '',
    sentinelUsername: '',
    sentinelPassword: '',
    keepsStoredSentinelPassword: false,
    clearSentinelPassword: false,
    pinNode: false,
    natMap: [],
  };
}

/** host:port as typed and shown: IPv6 in brackets. */
export function formatHostPort(hp: HostPort): string {
  return `${hp.host.includes(':') ? `[${hp.host}]` : hp.host}:${hp.port}`;
}

/** `host:port`, `[v6]:port`, or a bare host (the default port); null when it is neither. */
export function parseHostPort(text: string, defaultPort: number): HostPort | null {
  const t = text.trim();
  if (t === '') return null;
  const bracketed = /^\[([^\]\s]+)\](?::(\d{1,5}))?$/.exec(t);
  const plain = /^([^\s:[\]]+)(?::(\d{1,5}))?$/.exec(t);
  const m = bracketed ?? plain;
  if (!m) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!(port >= 1 && port <= 65535)) return null;
  return { host: m[1] as string, port };
}

export function topologyFromView(p: ProfileView, keepSecrets = true): TopologyFormModel {
  const several = p.kind === 'cluster' || p.kind === 'sentinel';
  return {
    kind: p.kind,
    nodes: several ? [{ host: p.host, port: p.port }, ...p.seeds].map(formatHostPort).join('\n') : '',
    masterName: p.sentinel?.masterName ?? '',
    sentinelUsername: p.sentinel?.username ?? '',
    sentinelPassword: '',
    keepsStoredSentinelPassword: keepSecrets && (p.sentinel?.hasPassword ?? false),
    clearSentinelPassword: false,
    pinNode: p.pinNode,
    natMap: p.natMap.map((e) => ({ from: formatHostPort(e.from), to: formatHostPort(e.to) })),
  };
}

/** The node list's entries, one per line (commas too, as pasted from a URL). */
function entries(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The node list's first entry, e.g. to fill Host and Port when switching back to standalone. */
export function firstNode(t: TopologyFormModel): HostPort | null {
  const first = entries(t.nodes)[0];
  return first === undefined ? null : parseHostPort(first, t.kind === 'sentinel' ? SENTINEL_PORT : DATA_PORT);
}

type TopologyFields = Required<Pick<ProfileInput, 'kind' | 'seeds' | 'pinNode' | 'natMap'>> & Pick<ProfileInput, 'sentinel'>;

export type TopologyResult =
  /** `first`: the profile's host:port for a cluster or Sentinel (the Host and Port fields for standalone). */
  { ok: true; first: HostPort | null; fields: TopologyFields } | { ok: false; field: `topo-${string}`; message: string };

function natInput(rows: readonly NatRow[]): { ok: true; natMap: TopologyFields['natMap'] } | { ok: false; field: `topo-${string}`; message: string } {
  const natMap: TopologyFields['natMap'] = [];
  for (const [i, row] of rows.entries()) {
    if (row.from.trim() === '' && row.to.trim() === '') continue;
    const from = parseHostPort(row.from, DATA_PORT);
    if (!from || !/:\d+$/.test(row.from.trim())) return { ok: false, field: `topo-nat-${i}-from`, message: 'Announced address: host:port as the cluster names it (CLUSTER SLOTS).' };
    const to = parseHostPort(row.to, from.port);
    if (!to) return { ok: false, field: `topo-nat-${i}-to`, message: 'Reachable address: host:port as this computer reaches that node.' };
    natMap.push({ from, to });
  }
  return { ok: true, natMap };
}

/** Validate the topology section and build the profile's topology fields (always all of them). */
export function toTopologyInput(t: TopologyFormModel): TopologyResult {
  const nat = natInput(t.kind === 'sentinel' ? [] : t.natMap);
  if (!nat.ok) return nat;
  if (t.kind === 'standalone') return { ok: true, first: null, fields: { kind: 'standalone', seeds: [], pinNode: t.pinNode, natMap: nat.natMap } };
  const what = t.kind === 'cluster' ? 'seed node' : 'sentinel';
  const defaultPort = t.kind === 'sentinel' ? SENTINEL_PORT : DATA_PORT;
  const list = entries(t.nodes);
  if (list.length === 0) return { ok: false, field: 'topo-nodes', message: `Enter at least one ${what} as host:port.` };
  const nodes: HostPort[] = [];
  for (const [i, line] of list.entries()) {
    const hp = parseHostPort(line, defaultPort);
    if (!hp) return { ok: false, field: 'topo-nodes', message: `${what[0]!.toUpperCase()}${what.slice(1)} ${i + 1} (“${line}”): expected host:port, IPv6 as [::1]:${defaultPort}.` };
    if (!nodes.some((n) => n.host === hp.host && n.port === hp.port)) nodes.push(hp);
  }
  if (nodes.length > 65) return { ok: false, field: 'topo-nodes', message: `At most 65 ${what}s.` };
  const [first, ...seeds] = nodes as [HostPort, ...HostPort[]];
  if (t.kind === 'cluster') return { ok: true, first, fields: { kind: 'cluster', seeds, pinNode: false, natMap: nat.natMap } };
  const masterName = t.masterName.trim();
  if (masterName === '') return { ok: false, field: 'topo-master-name', message: 'Enter the master name the sentinels monitor (e.g. mymaster).' };
  const sentinel: NonNullable<TopologyFields['sentinel']> = { masterName };
  if (t.sentinelUsername.trim() !== '') sentinel.username = t.sentinelUsername.trim();
  // Omitted = keep the stored password (edit); empty = none (or remove the stored one); else what is typed.
  if (t.clearSentinelPassword) sentinel.password = '';
  else if (t.sentinelPassword !== '' || !t.keepsStoredSentinelPassword) sentinel.password = t.sentinelPassword;
  return { ok: true, first, fields: { kind: 'sentinel', seeds, pinNode: false, natMap: [], sentinel } };
}

/** A pasted URL's topology: several hosts are cluster seeds, a sentinel URL names sentinels and the master. */
export function withUrlTopology(
  t: TopologyFormModel,
  u: { host: string; port: number; kind?: 'cluster' | 'sentinel'; seeds?: HostPort[]; masterName?: string },
): TopologyFormModel {
  const first = { host: u.host, port: u.port };
  if (u.kind) {
    return { ...t, kind: u.kind, nodes: [first, ...(u.seeds ?? [])].map(formatHostPort).join('\n'), masterName: u.masterName ?? t.masterName };
  }
  // One data node: a cluster form takes it as its seed; otherwise it is a standalone address.
  if (t.kind === 'cluster') return { ...t, nodes: formatHostPort(first) };
  return { ...t, kind: 'standalone' };
}
