import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';
import { allKeys, client, latin1, lookups } from './actions-helpers';

const BIN = Buffer.from([0xff, 0xfe, 0x2a, 0x0a]);

let redis: TestRedis;
let renamed: TestRedis;
let seed: Redis;
let dataDir: string;

beforeAll(async () => {
  ensureNodeBuilt();
  [redis, renamed] = await Promise.all([startRedis(), startRedis(['--rename-command', 'FLUSHDB', ''])]);
  seed = client(redis);
  dataDir = tempDir();
}, 120_000);
afterAll(async () => {
  seed?.disconnect();
  await Promise.all([redis?.stop(), renamed?.stop()]);
});

const cli = (args: string[], server = redis) => runCli([...args, '--host', server.host, '--port', String(server.port)], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 60_000 });
const json = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

describe('cachescope invalidate / restore', () => {
  beforeEach(async () => {
    await seed.flushdb();
    await seed.mset('report:[2024]:a', '1', 'report:[2024]:b', '2', 'report:2:a', '3', 'sp ace key', '4', 'meeting:details:42', '5', 'meeting:details:420', '6');
    await seed.hset('meeting:participants:42', 'u', '1');
    await seed.set(BIN, 'bin', 'EX', 500);
  });

  it('prints the preview and deletes nothing without --yes', async () => {
    const r = await cli(['invalidate', '--prefix', 'report:[2024]:', '--json']);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ dryRun: true, target: 'prefix "report:[2024]:"', preview: { matched: 2, matchedKind: 'exact' }, serverReads: { hits: 0, misses: 0 } });
    expect(await seed.exists('report:[2024]:a', 'report:[2024]:b')).toBe(2);
    const human = await cli(['invalidate', '--prefix', 'report:[2024]:']);
    expect(human.stdout).toMatch(/^2 keys match prefix "report:\[2024\]:" in db 0/);
    expect(human.stdout).toMatch(/Dry run: nothing deleted/);
  });

  it('deletes exactly the matching keys with --yes, writes a backup, and reports the lookups it added', async () => {
    const backup = path.join(dataDir, 'meeting-42.ndjson');
    const before = await lookups(seed);
    const r = await cli(['invalidate', '--pattern', 'meeting:*:42', '--type', 'string', '--yes', '--backup', backup, '--json']);
    const after = await lookups(seed);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ dryRun: false, state: 'done', deleted: 1, preview: { matched: 1 }, backup: { file: backup, entries: 1 } });
    // TYPE on both matches in the preview and again in the run, DUMP + PTTL of the string: all hits.
    expect(out.serverReads).toEqual({ hits: 6, misses: 0 });
    expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual(out.serverReads);
    expect(await seed.exists('meeting:details:42')).toBe(0);
    expect(await seed.exists('meeting:participants:42', 'meeting:details:420')).toBe(2);

    // An existing backup file is never overwritten.
    const again = await cli(['invalidate', '--key', 'report:2:a', '--yes', '--backup', backup]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(await seed.exists('report:2:a')).toBe(1);

    const restored = await cli(['restore', '--backup', backup, '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(json(restored.stdout)).toMatchObject({ restored: 1, skipped: 0, failed: 0 });
    expect(await seed.get('meeting:details:42')).toBe('5');
  });

  it('takes keys bytes-exact (--key with spaces, --key-base64 for bytes) and restores them, skipping recreated ones unless --replace', async () => {
    const backup = path.join(dataDir, 'keys.ndjson');
    const r = await cli(['invalidate', '--key', 'sp ace key', '--key-base64', BIN.toString('base64'), '--yes', '--backup', backup]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Deleted 2 keys/);
    const left = await allKeys(seed);
    expect(left.has(latin1('sp ace key'))).toBe(false);
    expect(left.has(latin1(BIN))).toBe(false);
    expect(left.size).toBe(6);

    await seed.set('sp ace key', 'new');
    const skipped = await cli(['restore', '--backup', backup]);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/Restored 1 of 2 keys.*1 recreated meanwhile/);
    expect(skipped.stdout).toMatch(/Left as they are: "sp ace key"/);
    expect(await seed.get('sp ace key')).toBe('new');
    expect(await seed.ttl(BIN)).toBeGreaterThan(490);
    const replaced = await cli(['restore', '--backup', backup, '--replace', '--json']);
    expect(json(replaced.stdout)).toMatchObject({ restored: 2, skipped: 0 });
    expect(await seed.get('sp ace key')).toBe('4');
  });

  it('refuses an ambiguous target and bad base64 as usage errors', async () => {
    expect((await cli(['invalidate', '--prefix', 'a', '--pattern', 'b'])).code).toBe(2);
    expect((await cli(['invalidate'])).code).toBe(2);
    expect((await cli(['invalidate', '--key-base64', 'not base64!'])).code).toBe(2);
  });

  it('every run that changed data is in the audit log, from the CLI', async () => {
    const lines = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((l) => l.source === 'cli' && typeof l.osUser === 'string')).toBe(true);
    expect(lines.map((l) => l.action)).toEqual(expect.arrayContaining(['invalidate', 'restore']));
  });
});

describe('cachescope warm', () => {
  it('writes the good lines of a file, reports bad lines by number, and exits 1', async () => {
    await seed.flushdb();
    const file = path.join(dataDir, 'warm.ndjson');
    writeFileSync(file, ['{"key":"a","value":"1","ttl":60}', '{oops', '{"key":{"base64":"/w=="},"type":"list","value":["x"]}', '{"key":"b","type":"zset","value":[["m","NaN?"]]}'].join('\n'));
    const before = await lookups(seed);
    const r = await cli(['warm', '--file', file, '--json']);
    const after = await lookups(seed);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ written: 2, failed: 2, format: 'ndjson', serverReads: { hits: 0, misses: 0 } });
    expect((out.errors as { line: number }[]).map((e) => e.line)).toEqual([2, 4]);
    expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual(out.serverReads);
    expect(await seed.get('a')).toBe('1');
    expect(await seed.lrange(Buffer.from([0xff]), 0, -1)).toEqual(['x']);
    const human = await cli(['warm', '--file', file]);
    expect(human.stdout).toMatch(/line 2: not valid JSON/);
    expect(human.stdout).toMatch(/line 4: score of member 1 must be a number/);
  });

  it('calls URLs with a concurrency limit and shows each status and time', async () => {
    const app = http.createServer((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 200).end('ok');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    const list = path.join(dataDir, 'urls.txt');
    writeFileSync(list, `# warm the course pages\n${base}/api/v1/courses\n\n${base}/api/v1/instructors\n`);
    try {
      const r = await cli(['warm', '--urls', list, '--concurrency', '2', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = json(r.stdout);
      expect(out).toMatchObject({ ok: 2, failed: 0, serverReads: { hits: 0, misses: 0 } });
      expect((out.urls as { status: number }[]).map((u) => u.status)).toEqual([200, 200]);
      writeFileSync(list, `${base}/missing\nftp://nope\n`);
      const bad = await cli(['warm', '--urls', list]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/line 2 of the URL file is not an http\(s\) URL/);
    } finally {
      await new Promise((r) => app.close(r));
    }
  });
});

describe('cachescope flush', () => {
  it('needs --yes; FLUSHDB empties the db', async () => {
    await seed.flushdb();
    await seed.mset('x', '1', 'y', '2');
    const no = await cli(['flush']);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/would delete 2 keys.*add --yes/);
    const r = await cli(['flush', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toMatchObject({ command: 'FLUSHDB ASYNC', keysBefore: 2 });
    expect(await seed.dbsize()).toBe(0);
  });

  it('says FLUSHDB is renamed away and offers --by-scan, which deletes every key with a backup', async () => {
    const other = client(renamed);
    try {
      await other.mset('k1', '1', 'k2', '2', 'k3', '3');
      const r = await cli(['flush', '--yes'], renamed);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/FLUSHDB is disabled on this server \(renamed away with rename-command/);
      expect(r.stderr).toMatch(/Run again with --by-scan/);
      expect(await other.dbsize()).toBe(3);
      const backup = path.join(dataDir, 'flush-backup.ndjson');
      const byScan = await cli(['flush', '--by-scan', '--yes', '--backup', backup, '--json'], renamed);
      expect(byScan.code, byScan.stderr).toBe(0);
      expect(json(byScan.stdout)).toMatchObject({ state: 'done', deleted: 3, target: 'every key in the db' });
      expect(await other.dbsize()).toBe(0);
      expect(existsSync(backup)).toBe(true);
      const restored = await cli(['restore', '--backup', backup], renamed);
      expect(restored.code, restored.stdout + restored.stderr).toBe(0);
      expect(await other.dbsize()).toBe(3);
    } finally {
      other.disconnect();
    }
  });
});
