import { describe, expect, it } from 'vitest';
import { profileFromEnv, splitHostPort } from '../../electron/core/profile/profile';
import { parseRedisUrl } from '../../shared/redis-url';
import { fromNoVariable } from '../../shared/env-words';

describe('default profile from the environment', () => {
  it('prefers REDIS_URL (rediss:// means TLS with verification on)', () => {
    const { profile, source } = profileFromEnv({ REDIS_URL: 'rediss://app:s3cret@cache.example.com:6380/2', REDIS_HOST: 'ignored' });
    expect(source).toBe('REDIS_URL');
    expect(profile).toMatchObject({ host: 'cache.example.com', port: 6380, db: 2, username: 'app', password: 's3cret', tls: { enabled: true, verify: true } });
  });
  it('then REDIS_HOST / REDIS_PORT / REDIS_PASSWORD / REDIS_DB', () => {
    const { profile } = profileFromEnv({ REDIS_HOST: 'redis', REDIS_PORT: '6390', REDIS_PASSWORD: 'pw', REDIS_DB: '3', REDIS_ADDR: 'x:1' });
    expect(profile).toMatchObject({ host: 'redis', port: 6390, password: 'pw', db: 3 });
  });
  it('then REDIS_ADDR=host:port (the go-redis convention)', () => {
    expect(profileFromEnv({ REDIS_ADDR: 'localhost:6381', REDIS_DB: '1' }).profile).toMatchObject({ host: 'localhost', port: 6381, db: 1 });
    expect(splitHostPort('[::1]:7000')).toEqual(['::1', 7000]);
    expect(splitHostPort('cache')).toEqual(['cache', 6379]);
  });
  it('else localhost:6379', () => {
    expect(profileFromEnv({}).profile).toMatchObject({ id: 'env-default', host: 'localhost', port: 6379, db: 0, source: 'env' });
  });
  it('reads REDIS_KEY_PREFIX (ioredis keyPrefix users) as the app prefix, whatever gives the address', () => {
    expect(profileFromEnv({ REDIS_URL: 'redis://cache', REDIS_KEY_PREFIX: 'skillup:' }).keyPrefix).toBe('skillup:');
    expect(profileFromEnv({ REDIS_KEY_PREFIX: 'skillup:' }).keyPrefix).toBe('skillup:');
    expect(profileFromEnv({ REDIS_URL: 'redis://cache' }).keyPrefix).toBeUndefined();
  });
  it('with only Upstash REST variables: no Redis-protocol address, so nothing to connect to, and says why', () => {
    const env = { UPSTASH_REDIS_REST_URL: 'https://eu1-fine-cat-31234.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'AX1234' };
    const d = profileFromEnv(env);
    expect(d.source).toBe('UPSTASH_REDIS_REST_URL');
    expect(d.unusable).toMatch(/^UPSTASH_REDIS_REST_URL is set but REDIS_URL is not: that is an HTTP REST endpoint, and Cachescope speaks the Redis protocol\./);
    expect(d.unusable).toContain('rediss://default:PASSWORD@eu1-fine-cat-31234.upstash.io:6379');
    expect(d.unusable).toContain('does not fall back to localhost:6379');
    expect(d.profile).toMatchObject({ id: 'env-default', host: 'eu1-fine-cat-31234.upstash.io', port: 6379, tls: { enabled: true, verify: true }, origin: 'UPSTASH_REDIS_REST_URL' });
    expect(profileFromEnv({ UPSTASH_REDIS_REST_TOKEN: 'AX1234' }).unusable).toContain('rediss://default:PASSWORD@HOST:6379');
    // Any Redis-protocol variable wins; the REST ones are then the app's business.
    expect(profileFromEnv({ ...env, REDIS_URL: 'rediss://default:pw@eu1-fine-cat-31234.upstash.io:6379' }).unusable).toBeUndefined();
    expect(profileFromEnv({ ...env, REDIS_HOST: 'cache' }).unusable).toBeUndefined();
  });
  it('says when no variable named an address at all', () => {
    expect(fromNoVariable(profileFromEnv({}).source)).toBe(true);
    expect(fromNoVariable(profileFromEnv({ REDIS_KEY_PREFIX: 'skillup:' }).profile.origin)).toBe(true);
    expect(fromNoVariable(profileFromEnv({ REDIS_PORT: '6379' }).source)).toBe(false);
    expect(fromNoVariable(profileFromEnv({ REDIS_URL: 'http://nope' }).source)).toBe(false); // its own words: "ignored REDIS_URL: …"
  });
  it('falls back to localhost and says why when REDIS_URL is malformed', () => {
    const { profile, source } = profileFromEnv({ REDIS_URL: 'http://nope' });
    expect(profile.host).toBe('localhost');
    expect(source).toMatch(/ignored REDIS_URL/);
  });
});

describe('parseRedisUrl', () => {
  it('reads ACL user and password, requirepass-style and lone passwords like redis-cli', () => {
    expect(parseRedisUrl('redis://user:p%40ss@h:1/4')).toEqual({ host: 'h', port: 1, db: 4, tls: false, username: 'user', password: 'p@ss' });
    expect(parseRedisUrl('redis://:pw@h')).toEqual({ host: 'h', port: 6379, db: 0, tls: false, password: 'pw' });
    expect(parseRedisUrl('redis://pw@h')).toEqual({ host: 'h', port: 6379, db: 0, tls: false, password: 'pw' });
    expect(parseRedisUrl('redis://[::1]:6380')).toMatchObject({ host: '::1', port: 6380 });
  });
  it('rejects other schemes and non-numeric databases with a readable message', () => {
    expect(() => parseRedisUrl('http://h')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('redis://h/abc')).toThrow(/Database must be a number/);
    expect(() => parseRedisUrl('not a url')).toThrow(/Not a URL/);
  });
  it.each(['redis://', 'redis:///5', 'redis://?db=2', 'rediss://'])('refuses %j: an empty host is not this machine', (url) => {
    expect(() => parseRedisUrl(url)).toThrow(/names no host/);
  });
});
