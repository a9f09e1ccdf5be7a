/**
 * Parse a `redis://` / `rediss://` URL into profile fields. Pure and shared: the renderer
 * uses it to fill the form when a URL is pasted, the core to expand `url` on save.
 */
export interface UrlFields {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
}

export class RedisUrlError extends Error {}

export function parseRedisUrl(input: string): UrlFields {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new RedisUrlError(`Not a URL: expected redis://[user:password@]host[:port][/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RedisUrlError(`Unsupported scheme "${url.protocol}" — use redis:// or rediss:// (TLS)`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // "redis://", "redis:///5", "redis://?db=2": a script whose $HOST came out empty. Defaulting
  // to this machine would send its FLUSH to the local server.
  if (host === '') throw new RedisUrlError('The URL names no host: expected redis://host[:port][/db]');
  const port = url.port ? Number(url.port) : 6379;
  const path = url.pathname.replace(/^\//, '');
  const dbParam = url.searchParams.get('db');
  const dbText = path !== '' ? path : dbParam ?? '0';
  if (!/^\d+$/.test(dbText)) throw new RedisUrlError(`Database must be a number, got "${dbText}"`);
  const fields: UrlFields = { host, port, db: Number(dbText), tls: url.protocol === 'rediss:' };
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const authority = input.trim().replace(/^rediss?:\/\//, '').split('/')[0] ?? '';
  const userinfo = authority.includes('@') ? authority.slice(0, authority.lastIndexOf('@')) : '';
  if (userinfo.includes(':')) {
    // user:pass@ (ACL) or :pass@ (requirepass, default user)
    if (user !== '') fields.username = user;
    if (pass !== '') fields.password = pass;
  } else if (user !== '') {
    // A lone userinfo part is the password, as redis-cli -u reads it.
    fields.password = user;
  }
  return fields;
}
