import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../electron/cli/args';
import { CONNECTION_OPTIONS, resolveConnectionFlags, type ConnectionFlagValues } from '../../electron/cli/connection-flags';
import { UsageError } from '../../electron/cli/exit-codes';

function resolve(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { values } = parseFlags(argv, CONNECTION_OPTIONS);
  return resolveConnectionFlags(values as ConnectionFlagValues, env);
}

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('connection flags', () => {
  it('defaults to localhost:6379 db 0 without flags or environment', () => {
    const { profile } = resolve([]);
    expect(profile).toMatchObject({ host: 'localhost', port: 6379, db: 0, connectTimeoutMs: 5000 });
    expect(profile.password).toBeUndefined();
    expect(profile.tls).toEqual({ enabled: false, verify: true });
  });

  it('reads each flag', () => {
    const { profile } = resolve(['--host', 'cache.internal', '--port', '6380', '--username', 'app', '--password', 'pw', '--db', '3', '--connect-timeout', '1500']);
    expect(profile).toMatchObject({ host: 'cache.internal', port: 6380, username: 'app', password: 'pw', db: 3, connectTimeoutMs: 1500 });
  });

  it('expands --url, and later flags override its parts', () => {
    expect(resolve(['--url', 'rediss://u:p@h.example:7000/4']).profile).toMatchObject({ host: 'h.example', port: 7000, username: 'u', password: 'p', db: 4, tls: { enabled: true, verify: true } });
    expect(resolve(['--url', 'redis://:p@h.example:7000/4', '--db', '1', '--password', 'q']).profile).toMatchObject({ host: 'h.example', port: 7000, db: 1, password: 'q' });
  });

  it('uses the environment (REDIS_URL first) when no target flag is given', () => {
    expect(resolve([], { REDIS_URL: 'redis://:envpw@envhost:6390/2', REDIS_HOST: 'ignored' }).profile).toMatchObject({ host: 'envhost', port: 6390, db: 2, password: 'envpw' });
    expect(resolve([], { REDIS_HOST: 'h', REDIS_PORT: '6391', REDIS_PASSWORD: 'pw', REDIS_DB: '5' }).profile).toMatchObject({ host: 'h', port: 6391, db: 5, password: 'pw' });
    expect(resolve([], { REDIS_ADDR: 'a.example:6392' }).profile).toMatchObject({ host: 'a.example', port: 6392 });
  });

  it('lets flags override single environment fields', () => {
    const { profile, source } = resolve(['--port', '7001', '--db', '9'], { REDIS_URL: 'redis://:envpw@envhost:6390/2' });
    expect(profile).toMatchObject({ host: 'envhost', port: 7001, db: 9, password: 'envpw' });
    expect(source).toBe('REDIS_URL');
  });

  it('does not send the environment\'s password to a server named by --host or --url', () => {
    const byHost = resolve(['--host', 'other'], { REDIS_URL: 'redis://:envpw@envhost:6390/2', REDIS_PASSWORD: 'pw2' });
    expect(byHost.profile).toMatchObject({ host: 'other', port: 6379, db: 0 });
    expect(byHost.profile.password).toBeUndefined();
    expect(byHost.source).toBe('flags');
    expect(resolve(['--url', 'redis://other:1'], { REDIS_PASSWORD: 'pw2' }).profile.password).toBeUndefined();
  });

  it('takes REDISCLI_AUTH as the password, below --password and a --url password', () => {
    expect(resolve(['--host', 'h'], { REDISCLI_AUTH: 'cli' }).profile.password).toBe('cli');
    expect(resolve(['--host', 'h', '--password', 'flag'], { REDISCLI_AUTH: 'cli' }).profile.password).toBe('flag');
    expect(resolve(['--url', 'redis://:url@h'], { REDISCLI_AUTH: 'cli' }).profile.password).toBe('url');
    expect(resolve([], { REDISCLI_AUTH: 'cli', REDIS_PASSWORD: 'env' }).profile.password).toBe('cli');
  });

  it('warns once, like redis-cli, when the password is on the command line, never when it comes from the environment', () => {
    const warned = (argv: string[], env: NodeJS.ProcessEnv = {}) => resolve(argv, env).warnings.filter((w) => /REDISCLI_AUTH/.test(w));
    expect(warned(['--host', 'h', '--password', 'pw'])).toEqual(["Warning: Using a password with '--password' or '--url' on the command line may not be safe (other users can see it in ps); set REDISCLI_AUTH instead."]);
    expect(warned(['--url', 'redis://:pw@h'])).toHaveLength(1);
    expect(warned(['--url', 'redis://:pw@h', '--password', 'other'])).toHaveLength(1);
    expect(warned(['--url', 'redis://h'])).toEqual([]);
    expect(warned(['--host', 'h'], { REDISCLI_AUTH: 'pw' })).toEqual([]);
    expect(warned([], { REDIS_URL: 'redis://:pw@h' })).toEqual([]);
    expect(warned([], { REDIS_PASSWORD: 'pw' })).toEqual([]);
    expect(resolve(['--password', 'pw']).warnings.join('\n')).not.toContain('pw@');
  });

  it('turns on TLS for --tls, --tls-ca and --insecure; only --insecure skips verification, with a warning', () => {
    expect(resolve(['--tls']).profile.tls).toEqual({ enabled: true, verify: true });
    expect(resolve(['--tls-ca', '/etc/ca.pem']).profile.tls).toEqual({ enabled: true, verify: true, caFile: '/etc/ca.pem' });
    // (REDIS_HOST set: without any address variable the built-in default is announced too.)
    expect(resolve(['--tls'], { REDIS_HOST: 'cache' }).warnings).toEqual([]);
    const insecure = resolve(['--insecure'], { REDIS_HOST: 'cache' });
    expect(insecure.profile.tls).toEqual({ enabled: true, verify: false });
    expect(insecure.warnings).toHaveLength(1);
    expect(insecure.warnings[0]).toMatch(/verification is off/);
  });

  it.each([
    [['--port', 'abc'], /--port expects a whole number, got "abc"/],
    [['--port', '0'], /--port must be between 1 and 65535/],
    [['--port', '70000'], /--port must be between 1 and 65535/],
    [['--port', '63.5'], /--port expects a whole number/],
    [['--db=-1'], /--db expects a whole number/],
    [['--db', '-1'], /--db' argument is ambiguous/],
    [['--connect-timeout', '10'], /--connect-timeout must be between 200 and 120000/],
    [['--url', 'http://x'], /--url: Unsupported scheme/],
    [['--url', 'redis://h/abc'], /--url: Database must be a number/],
    [['--host', ''], /--host must not be empty/],
    [['--url', 'redis://'], /--url: The URL names no host/],
    [['--url', 'redis:///5'], /--url: The URL names no host/],
    [['--url', 'redis://?db=2'], /--url: The URL names no host/],
  ])('rejects %j as bad usage', (argv, reason) => {
    expect(usageMessage(() => resolve(argv))).toMatch(reason);
  });

  it('refuses a REDIS_URL without a host instead of falling back to localhost', () => {
    expect(usageMessage(() => resolve([], { REDIS_URL: 'redis:///5' }))).toMatch(/REDIS_URL: The URL names no host/);
    expect(resolve(['--host', 'h'], { REDIS_URL: 'redis:///5' }).profile.host).toBe('h');
  });

  it('rejects unknown flags and missing values as bad usage, in one line', () => {
    expect(usageMessage(() => resolve(['--bogus']))).toBe("Unknown option '--bogus'");
    expect(usageMessage(() => resolve(['--port']))).toMatch(/--port/);
    expect(usageMessage(() => resolve(['--tls=yes']))).toMatch(/--tls/);
  });

  it('never puts a password in a usage message', () => {
    for (const argv of [['--password', 's3cret', '--port', 'x'], ['--url', 'redis://:s3cret@h/notadb'], ['--url', 'redis://:s3cret@h', '--db', 'x']]) {
      expect(usageMessage(() => resolve(argv))).not.toContain('s3cret');
    }
  });
});

describe('cluster and Sentinel flags (issue 16)', () => {
  it('--cluster makes the node named a cluster seed; --seed-node adds seeds and implies it', () => {
    expect(resolve(['--host', 'h1', '--port', '7000', '--cluster']).profile).toMatchObject({ kind: 'cluster', host: 'h1', port: 7000, seeds: [] });
    expect(resolve(['--host', 'h1', '--port', '7000', '--seed-node', 'h2:7001', '--seed-node', '[::1]:7002']).profile).toMatchObject({
      kind: 'cluster',
      seeds: [
        { host: 'h2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(resolve(['--url', 'redis://h1:7000,h2:7001', '--seed-node', 'h3:7002']).profile).toMatchObject({ kind: 'cluster', seeds: [{ host: 'h2', port: 7001 }, { host: 'h3', port: 7002 }] });
    expect(resolve(['--host', 'h1']).profile).toMatchObject({ kind: 'standalone', pinNode: false, natMap: [] });
  });

  it('--pin-node keeps one node of a cluster; --nat-map maps announced addresses', () => {
    expect(resolve(['--host', 'h1', '--pin-node']).profile).toMatchObject({ kind: 'standalone', pinNode: true });
    expect(resolve(['--host', 'h1', '--cluster', '--nat-map', '10.0.0.5:7000=127.0.0.1:17000', '--nat-map', '10.0.0.6:7000=[::1]:17001']).profile.natMap).toEqual([
      { from: { host: '10.0.0.5', port: 7000 }, to: { host: '127.0.0.1', port: 17000 } },
      { from: { host: '10.0.0.6', port: 7000 }, to: { host: '::1', port: 17001 } },
    ]);
  });

  it('--sentinel (repeatable, port 26379 by default) with --master-name; the password is the data nodes\'', () => {
    const { profile, warnings } = resolve(['--sentinel', 's1:26380', '--sentinel', 's2', '--master-name', 'mymaster', '--password', 'data-pw', '--sentinel-user', 'watcher', '--sentinel-password', 'spw']);
    expect(profile).toMatchObject({ kind: 'sentinel', host: 's1', port: 26380, seeds: [{ host: 's2', port: 26379 }], password: 'data-pw', sentinel: { masterName: 'mymaster', username: 'watcher', password: 'spw' } });
    expect(warnings.filter((w) => /CACHESCOPE_SENTINEL_PASSWORD/.test(w))).toHaveLength(1);
    expect(profile.name).toBe('"mymaster" via sentinel s1:26380 +1');
  });

  it('takes the sentinels\' password from CACHESCOPE_SENTINEL_PASSWORD, below --sentinel-password, with no warning', () => {
    const fromEnv = resolve(['--sentinel', 's1', '--master-name', 'm'], { CACHESCOPE_SENTINEL_PASSWORD: 'env-spw', REDISCLI_AUTH: 'data' });
    expect(fromEnv.profile).toMatchObject({ password: 'data', sentinel: { password: 'env-spw' } });
    expect(fromEnv.warnings).toEqual([]);
    expect(resolve(['--sentinel', 's1', '--master-name', 'm', '--sentinel-password', 'flag'], { CACHESCOPE_SENTINEL_PASSWORD: 'env' }).profile.sentinel?.password).toBe('flag');
  });

  it('reads a redis-sentinel:// --url; --master-name overrides its fragment', () => {
    expect(resolve(['--url', 'redis-sentinel://pw@s1,s2:26380/1#mymaster']).profile).toMatchObject({ kind: 'sentinel', host: 's1', port: 26379, db: 1, password: 'pw', seeds: [{ host: 's2', port: 26380 }], sentinel: { masterName: 'mymaster' } });
    expect(resolve(['--url', 'redis-sentinel://s1#a', '--master-name', 'b']).profile.sentinel?.masterName).toBe('b');
  });

  it('takes a cluster or Sentinel environment default, and --sentinel ignores it', () => {
    expect(resolve([], { REDIS_URL: 'redis://:pw@h1:7000,h2:7001' }).profile).toMatchObject({ kind: 'cluster', password: 'pw', seeds: [{ host: 'h2', port: 7001 }] });
    expect(resolve([], { REDIS_SENTINELS: 's1,s2:26380', REDIS_SENTINEL_MASTER: 'm', REDIS_SENTINEL_PASSWORD: 'spw' }).profile).toMatchObject({ kind: 'sentinel', sentinel: { masterName: 'm', password: 'spw' } });
    const named = resolve(['--sentinel', 's9', '--master-name', 'x'], { REDIS_URL: 'redis://:envpw@h:1' });
    expect(named.profile).toMatchObject({ host: 's9', kind: 'sentinel' });
    expect(named.profile.password).toBeUndefined();
  });

  it.each([
    [['--sentinel', 's1'], /--sentinel needs --master-name NAME/],
    [['--sentinel', 's1', '--master-name', ' '], /--master-name must not be empty/],
    [['--master-name', 'm'], /--master-name needs --sentinel HOST:PORT/],
    [['--sentinel-password', 'p'], /--sentinel-password needs --sentinel/],
    [['--sentinel', 's1', '--master-name', 'm', '--host', 'h'], /give no --url, --host or --port with it/],
    [['--sentinel', 's1', '--master-name', 'm', '--cluster'], /give one or the other/],
    [['--sentinel', '::1', '--master-name', 'm'], /--sentinel: "::1" looks like an IPv6 address: put it in brackets/],
    [['--seed-node', 'h:99999'], /--seed-node: Port 99999 .* out of range/],
    [['--seed-node', ''], /--seed-node: .*names no host|--seed-node: .*not a host/],
    [['--cluster', '--pin-node'], /--pin-node watches one node/],
    [['--nat-map', '10.0.0.5:7000'], /--nat-map expects ANNOUNCED_HOST:PORT=REACHABLE_HOST:PORT/],
    [['--nat-map', '10.0.0.5=127.0.0.1:1'], /--nat-map needs a port on both sides/],
    [['--host', 'h', '--cluster', '--db', '2'], /Redis Cluster has only db 0/],
  ])('rejects %j as bad usage, in words', (argv, reason) => {
    expect(usageMessage(() => resolve(argv))).toMatch(reason);
  });

  it('never puts a sentinel password in a usage message', () => {
    expect(usageMessage(() => resolve(['--sentinel', 's1', '--sentinel-password', 's3cret']))).not.toContain('s3cret');
  });

  it('says on stderr when no variable names an address (the built-in localhost:6379), not when a flag or variable does', () => {
    expect(resolve([]).warnings).toEqual([
      'No REDIS_URL, REDIS_HOST/REDIS_PORT, REDIS_ADDR or REDIS_SENTINELS is set, so this is the built-in default, localhost:6379 — not necessarily your app\u2019s Redis. Set REDIS_URL or pass --url to name another.',
    ]);
    expect(resolve(['--port', '6390']).warnings).toEqual([]);
    expect(resolve([], { REDIS_ADDR: 'cache:6379' }).warnings).toEqual([]);
    expect(resolve(['--url', 'redis://cache']).warnings).toEqual([]);
  });

  it('refuses a REST-only Upstash environment in words (the rediss:// endpoint is needed), never falling back to localhost', () => {
    const env = { UPSTASH_REDIS_REST_URL: 'https://eu1-fine-cat-31234.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'AX1234' };
    expect(() => resolve([], env)).toThrow(UsageError);
    expect(() => resolve([], env)).toThrow(
      /^UPSTASH_REDIS_REST_URL is set but REDIS_URL is not: that is an HTTP REST endpoint, and Cachescope speaks the Redis protocol\. Copy the database's rediss:\/\/ endpoint from the provider's console \(rediss:\/\/default:PASSWORD@eu1-fine-cat-31234\.upstash\.io:6379\) and set it as REDIS_URL, or pass it as --url\./,
    );
    // Named otherwise, the REST variables do not matter.
    expect(resolve([], { ...env, REDIS_URL: 'rediss://default:pw@eu1-fine-cat-31234.upstash.io:6379' }).profile).toMatchObject({ host: 'eu1-fine-cat-31234.upstash.io', tls: { enabled: true } });
    expect(resolve(['--url', 'redis://cache'], env).profile.host).toBe('cache');
  });
});
