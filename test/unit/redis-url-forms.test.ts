import { describe, expect, it } from 'vitest';
import { parseHostPort, parseRedisUrl } from '../../shared/redis-url';
import { profileFromEnv, resolveInput } from '../../electron/core/profile/profile';

/** Issue 16: the URL forms users already have for a cluster and a Sentinel set. */
describe('parseRedisUrl: several hosts are cluster seeds', () => {
  it('reads redis://h1:7000,h2:7001: the first host is host:port, the rest seeds', () => {
    expect(parseRedisUrl('redis://h1:7000,h2:7001')).toEqual({ host: 'h1', port: 7000, db: 0, tls: false, kind: 'cluster', seeds: [{ host: 'h2', port: 7001 }] });
  });
  it('keeps credentials, TLS, IPv6 in brackets and the default port', () => {
    expect(parseRedisUrl('rediss://app:p%40ss@h1:7000,[::1]:7001,h3')).toEqual({
      host: 'h1',
      port: 7000,
      db: 0,
      tls: true,
      username: 'app',
      password: 'p@ss',
      kind: 'cluster',
      seeds: [
        { host: '::1', port: 7001 },
        { host: 'h3', port: 6379 },
      ],
    });
    expect(parseRedisUrl('redis://[::1]:7000,[::2]:7001')).toMatchObject({ host: '::1', port: 7000, seeds: [{ host: '::2', port: 7001 }] });
    expect(parseRedisUrl('redis://h1:7000,h2:7001/0')).toMatchObject({ kind: 'cluster', db: 0 });
  });
  it('leaves a single host without a kind: the topology is found on connect', () => {
    const u = parseRedisUrl('redis://h1:7000');
    expect(u.kind).toBeUndefined();
    expect(u.seeds).toBeUndefined();
  });
  it('refuses a db other than 0 for a cluster, in words', () => {
    expect(() => parseRedisUrl('redis://h1:7000,h2:7001/3')).toThrow('Redis Cluster has only db 0: remove "/3" from the URL');
  });
});

describe('parseRedisUrl: Lettuce redis-sentinel://', () => {
  it('reads sentinels (default port 26379), the db and the master name from the fragment', () => {
    expect(parseRedisUrl('redis-sentinel://h1:26379,h2:26380/2#mymaster')).toEqual({
      host: 'h1',
      port: 26379,
      db: 2,
      tls: false,
      kind: 'sentinel',
      seeds: [{ host: 'h2', port: 26380 }],
      masterName: 'mymaster',
    });
    expect(parseRedisUrl('redis-sentinel://h1#mymaster')).toMatchObject({ host: 'h1', port: 26379, seeds: [], masterName: 'mymaster' });
  });
  it('takes the credentials as the data nodes\', as Lettuce does (the sentinels\' are set apart)', () => {
    expect(parseRedisUrl('redis-sentinel://s3cret@h1,h2#m')).toMatchObject({ password: 's3cret', masterName: 'm' });
    expect(parseRedisUrl('redis-sentinel://app:s3cret@h1#m')).toMatchObject({ username: 'app', password: 's3cret' });
  });
  it('reads rediss-sentinel:// as TLS and ?sentinelMasterId= as the master name', () => {
    expect(parseRedisUrl('rediss-sentinel://h1:26379?sentinelMasterId=cache')).toMatchObject({ tls: true, kind: 'sentinel', masterName: 'cache' });
    expect(parseRedisUrl('redis-sentinel://h1#my%20master')).toMatchObject({ masterName: 'my master' });
  });
  it('refuses a sentinel URL without a master name, saying where it goes', () => {
    expect(() => parseRedisUrl('redis-sentinel://h1:26379,h2:26379')).toThrow('A redis-sentinel:// URL needs the master name the sentinels monitor, after "#": e.g. redis-sentinel://h1:26379,h2:26379#mymaster');
    expect(() => parseRedisUrl('rediss-sentinel://h1#')).toThrow(/needs the master name/);
  });
});

describe('parseRedisUrl: bad input, in words', () => {
  it.each([
    ['redis://h1,,h2', /host list "h1,,h2" has an empty entry/],
    ['redis://h1:7000,', /has an empty entry/],
    ['redis-sentinel://,h2#m', /has an empty entry/],
    ['redis://::1:7000', /"::1:7000" looks like an IPv6 address: put it in brackets, e.g. \[::1\]:7000/],
    ['redis://h1,fe80::1', /looks like an IPv6 address/],
    ['redis://h:99999', /Port 99999 of "h:99999" is out of range/],
    ['redis://h1:7000,h2:0', /Port 0 of "h2:0" is out of range/],
    ['redis://h1,h2:abc', /"h2:abc" is not a host\[:port\]/],
    ['redis-sentinel://', /names no host/],
    ['http://h1,h2', /use redis:\/\/ or rediss:\/\/ \(TLS\), or redis-sentinel:\/\//],
    ['redis:h1', /names no host/],
  ])('%s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });
  it('keeps a stray % in a password as it is', () => {
    expect(parseRedisUrl('redis://:100%@h')).toMatchObject({ password: '100%' });
  });
});

describe('parseHostPort (--seed, --sentinel, --nat-map)', () => {
  it('reads host, host:port and [v6]:port', () => {
    expect(parseHostPort('h', 26379)).toEqual({ host: 'h', port: 26379 });
    expect(parseHostPort(' h:1 ', 6379)).toEqual({ host: 'h', port: 1 });
    expect(parseHostPort('[::1]:2', 6379)).toEqual({ host: '::1', port: 2 });
  });
  it.each(['', 'h:1/x', 'u@h:1', 'h:1?x', '::1'])('refuses %j', (text) => {
    expect(() => parseHostPort(text, 6379)).toThrow();
  });
});

describe('profiles from URLs and the environment', () => {
  it('a cluster URL makes a cluster profile with seeds', () => {
    const { profile } = resolveInput({ name: 'c', url: 'redis://:pw@h1:7000,h2:7001,h3:7002' });
    expect(profile).toMatchObject({ kind: 'cluster', host: 'h1', port: 7000, password: 'pw', seeds: [{ host: 'h2', port: 7001 }, { host: 'h3', port: 7002 }] });
  });
  it('a sentinel URL makes a sentinel profile, keeping the sentinels\' own password given beside it', () => {
    const { profile } = resolveInput({ name: 's', url: 'redis-sentinel://data-pw@s1,s2:26380#mymaster', sentinel: { masterName: 'ignored', password: 'sentinel-pw' } });
    expect(profile).toMatchObject({ kind: 'sentinel', host: 's1', port: 26379, password: 'data-pw', seeds: [{ host: 's2', port: 26380 }], sentinel: { masterName: 'mymaster', password: 'sentinel-pw' } });
  });
  it('REDIS_URL takes the cluster and sentinel forms', () => {
    expect(profileFromEnv({ REDIS_URL: 'redis://h1:7000,h2:7001' }).profile).toMatchObject({ kind: 'cluster', seeds: [{ host: 'h2', port: 7001 }], source: 'env' });
    expect(profileFromEnv({ REDIS_URL: 'redis-sentinel://h1,h2#cache' }).profile).toMatchObject({ kind: 'sentinel', sentinel: { masterName: 'cache' } });
  });
  it('REDIS_SENTINELS with REDIS_SENTINEL_MASTER (and REDIS_SENTINEL_PASSWORD, REDIS_PASSWORD for the data nodes)', () => {
    const { profile, source } = profileFromEnv({ REDIS_SENTINELS: 's1:26379,s2', REDIS_SENTINEL_MASTER: 'mymaster', REDIS_SENTINEL_PASSWORD: 'spw', REDIS_PASSWORD: 'dpw', REDIS_HOST: 'ignored' });
    expect(source).toBe('REDIS_SENTINELS');
    expect(profile).toMatchObject({ kind: 'sentinel', host: 's1', port: 26379, seeds: [{ host: 's2', port: 26379 }], password: 'dpw', sentinel: { masterName: 'mymaster', password: 'spw' } });
  });
  it('REDIS_SENTINELS without a master name falls back to localhost and says why', () => {
    const { profile, problem } = profileFromEnv({ REDIS_SENTINELS: 's1:26379' });
    expect(profile.host).toBe('localhost');
    expect(problem).toMatch(/REDIS_SENTINELS: .*needs the master name/);
  });
});
