import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyspaceOf, parseInfo, parseKvList } from '../../electron/core/metrics/info-parser';

// Captured verbatim (CRLF line ends) from `INFO all` on redis-server 7.0.15.
const captured = readFileSync(path.join(__dirname, '../fixtures/info-all-redis-7.0.txt'), 'utf8');

describe('parseInfo on INFO captured from redis 7.0', () => {
  const info = parseInfo(captured);

  it('groups fields by section, lower-cased, without CR', () => {
    expect(captured).toContain('\r\n');
    expect(info.sections['server']?.['redis_version']).toBe('7.0.15');
    expect(info.sections['memory']?.['maxmemory']).toBe('67108864');
    expect(info.sections['memory']?.['maxmemory_policy']).toBe('allkeys-lru');
    expect(info.fields['keyspace_hits']).toBe('1');
    expect(info.fields['keyspace_misses']).toBe('1');
    expect(Object.values(info.fields).some((v) => v.includes('\r'))).toBe(false);
  });

  it('keeps sections Cachescope does not use (commandstats, latencystats)', () => {
    expect(info.sections['commandstats']?.['cmdstat_get']).toMatch(/^calls=2,/);
    expect(parseKvList(info.sections['commandstats']?.['cmdstat_get'] ?? '')['calls']).toBe('2');
  });

  it('reads every db line of the keyspace section', () => {
    expect(keyspaceOf(info)).toEqual([
      { db: 0, keys: 2, expires: 1, avgTtlMs: expect.any(Number) },
      { db: 2, keys: 1, expires: 0, avgTtlMs: 0 },
    ]);
  });
});

describe('parseInfo edge cases', () => {
  it('keeps unknown and module fields and values containing colons', () => {
    const info = parseInfo('# Modules\r\nmodule:name=search,ver=20608,api=1\r\n# Search\r\nsearch_number_of_indexes:3\r\n# Server\nexecutable:/usr/bin/redis-server\nconfig_file:C:\\redis\\redis.conf\n');
    expect(info.sections['modules']?.['module']).toBe('name=search,ver=20608,api=1');
    expect(info.sections['search']?.['search_number_of_indexes']).toBe('3');
    expect(info.fields['config_file']).toBe('C:\\redis\\redis.conf');
  });

  it('tolerates empty input, blank lines and garbage lines', () => {
    expect(parseInfo('').fields).toEqual({});
    const info = parseInfo('\r\n\r\nnot a field\r\n# Stats\r\n\r\nexpired_keys:5\r\n');
    expect(info.fields).toEqual({ expired_keys: '5' });
  });

  it('ignores malformed keyspace lines instead of inventing numbers', () => {
    const info = parseInfo('# Keyspace\r\ndb0:keys=10,expires=4,avg_ttl=100\r\ndbx:keys=1\r\ndb3:keys=oops\r\n');
    expect(keyspaceOf(info)).toEqual([
      { db: 0, keys: 10, expires: 4, avgTtlMs: 100 },
      { db: 3, keys: 0, expires: 0, avgTtlMs: 0 },
    ]);
  });
});
