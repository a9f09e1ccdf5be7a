/**
 * Parse a Redis URL into profile fields. Pure and shared: the renderer uses it to fill the form
 * when a URL is pasted, the core to expand `url` on save, the CLI for --url and REDIS_URL.
 *
 * Forms:
 * - `redis://[user:password@]host[:port][/db]`, `rediss://…` for TLS: one node (a cluster node
 *   found there is watched as its whole cluster, see detect-topology.ts).
 * - `redis://[user:password@]h1:7000,h2:7001`: several hosts are cluster seed nodes.
 * - Lettuce's `redis-sentinel://[[user:]password@]h1[:26379][,h2[:26379]][/db]#mymaster`
 *   (`rediss-sentinel://` for TLS; `?sentinelMasterId=mymaster` instead of the fragment): the
 *   hosts are sentinels; as in Lettuce, the credentials are the data nodes' — the sentinels'
 *   own are set apart (the form's Sentinel fields, the CLI's --sentinel-password).
 */
export interface UrlHost {
  host: string;
  port: number;
}

export interface UrlFields {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** Present only when the URL itself says the topology: several hosts (cluster) or a sentinel scheme. */
  kind?: 'cluster' | 'sentinel';
  /** The hosts after the first: more cluster seeds, or more sentinels. Present with `kind`. */
  seeds?: UrlHost[];
  /** Sentinel: the monitored primary's name. */
  masterName?: string;
}

export class RedisUrlError extends Error {}

const SCHEMES: Record<string, { tls: boolean; sentinel: boolean }> = {
  'redis:': { tls: false, sentinel: false },
  'rediss:': { tls: true, sentinel: false },
  'redis-sentinel:': { tls: false, sentinel: true },
  'rediss-sentinel:': { tls: true, sentinel: true },
};

const DATA_PORT = 6379;
const SENTINEL_PORT = 26379;
const FORMS = 'redis://[user:password@]host[:port][/db] (or host1:port1,host2:port2 for a cluster)';

export function parseRedisUrl(input: string): UrlFields {
  const text = input.trim();
  const schemeMatch = /^([a-z][a-z0-9+.-]*:)/i.exec(text);
  if (!schemeMatch) throw new RedisUrlError(`Not a URL: expected ${FORMS}`);
  const protocol = (schemeMatch[1] as string).toLowerCase();
  const scheme = SCHEMES[protocol];
  if (!scheme) {
    throw new RedisUrlError(`Unsupported scheme "${protocol}" — use redis:// or rediss:// (TLS), or redis-sentinel:// / rediss-sentinel:// for Sentinel`);
  }
  const afterScheme = text.slice(protocol.length);
  // "redis:host" has no authority: as empty a host as "redis://".
  if (!afterScheme.startsWith('//')) throw new RedisUrlError(`The URL names no host: expected ${FORMS}`);
  const rest = afterScheme.slice(2);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at);
  const hostList = authority.slice(at + 1);
  // "redis://", "redis:///5", "redis://?db=2": a script whose $HOST came out empty. Defaulting
  // to this machine would send its FLUSH to the local server.
  if (hostList === '') throw new RedisUrlError('The URL names no host: expected redis://host[:port][/db]');
  const entries = hostList.split(',');
  if (entries.some((h) => h.trim() === '')) throw new RedisUrlError(`The URL's host list "${hostList}" has an empty entry: separate hosts with single commas, e.g. h1:7000,h2:7001`);
  const defaultPort = scheme.sentinel ? SENTINEL_PORT : DATA_PORT;
  const hosts = entries.map((h) => parseHostPort(h, defaultPort));

  // The rest (credentials, db, query, fragment) is one ordinary single-host URL's business.
  let url: URL;
  try {
    url = new URL(`redis://${at === -1 ? '' : `${userinfo}@`}placeholder${tail}`);
  } catch {
    throw new RedisUrlError(`Not a URL: expected ${FORMS}`);
  }
  const first = hosts[0] as UrlHost;
  const path = url.pathname.replace(/^\//, '');
  const dbParam = url.searchParams.get('db');
  const dbText = path !== '' ? path : dbParam ?? '0';
  if (!/^\d+$/.test(dbText)) throw new RedisUrlError(`Database must be a number, got "${dbText}"`);
  const fields: UrlFields = { host: first.host, port: first.port, db: Number(dbText), tls: scheme.tls };
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  if (userinfo.includes(':')) {
    // user:pass@ (ACL) or :pass@ (requirepass, default user)
    if (user !== '') fields.username = user;
    if (pass !== '') fields.password = pass;
  } else if (user !== '') {
    // A lone userinfo part is the password, as redis-cli -u and Lettuce read it.
    fields.password = user;
  }

  if (scheme.sentinel) {
    const fragment = safeDecode(url.hash.replace(/^#/, '')).trim();
    const masterName = fragment || (url.searchParams.get('sentinelMasterId') ?? '').trim();
    if (masterName === '') {
      throw new RedisUrlError(`A ${protocol}// URL needs the master name the sentinels monitor, after "#": e.g. ${protocol}//h1:26379,h2:26379#mymaster`);
    }
    return { ...fields, kind: 'sentinel', seeds: hosts.slice(1), masterName };
  }
  if (hosts.length > 1) {
    if (fields.db !== 0) throw new RedisUrlError(`Redis Cluster has only db 0: remove "/${fields.db}" from the URL`);
    return { ...fields, kind: 'cluster', seeds: hosts.slice(1) };
  }
  return fields;
}

/**
 * `host[:port]`, `[v6]:port`: each host of a URL's list (checked on its own, so the message can
 * name it), and the CLI's --seed / --sentinel / --nat-map values. Throws RedisUrlError in words.
 */
export function parseHostPort(entry: string, defaultPort: number): UrlHost {
  const text = entry.trim();
  // "::1:7000" cannot say where the address ends and the port begins.
  if (!text.startsWith('[') && (text.match(/:/g)?.length ?? 0) > 1) {
    throw new RedisUrlError(`"${text}" looks like an IPv6 address: put it in brackets, e.g. [::1]:7000`);
  }
  let url: URL;
  try {
    url = new URL(`redis://${text}`);
  } catch {
    const port = /:(\d+)$/.exec(text)?.[1];
    if (port !== undefined && Number(port) > 65535) throw new RedisUrlError(`Port ${port} of "${text}" is out of range (1-65535)`);
    throw new RedisUrlError(`"${text}" is not a host[:port]`);
  }
  if (url.username || url.password || url.pathname || url.search || url.hash) throw new RedisUrlError(`"${text}" is not a host[:port]`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new RedisUrlError(`"${text}" names no host`);
  const port = url.port ? Number(url.port) : defaultPort;
  if (port < 1 || port > 65535) throw new RedisUrlError(`Port ${port} of "${text}" is out of range (1-65535)`);
  return { host, port };
}

/** A stray "%" in a password is the password's own character, not a broken URL. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
