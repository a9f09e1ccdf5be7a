import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport, TtlRule } from '../../shared/contract';
import { reportCsv } from '../../electron/core/analysis/export';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

const FORMULA_KEY = '=HYPERLINK("http://x","y"):1';
const TABLES = ['namespaces', 'topKeys', 'violations'] as const;
// Every key without a TTL, so the tables (topKeys' ttl_ms included) do not change between runs.
const RULES: TtlRule[] = [
  { pattern: '=HYPERLINK*', maxTtlSec: 60, requireTtl: true },
  { pattern: 'user:*', maxTtlSec: 1800, requireTtl: true },
];

let redis: TestRedis;
let seed: Redis;
let dir: string;
let rulesFile: string;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  seed = testClient({ host: redis.host, port: redis.port });
  const pipe = seed.pipeline();
  pipe.set(FORMULA_KEY, 'x'.repeat(500));
  pipe.set('+cmd|calc:2', 'v');
  for (let i = 0; i < 20; i++) pipe.set(`user:${i}:profile`, 'p'.repeat(40 + i));
  pipe.hset('cache:stats', 'hits', '1');
  await pipe.exec();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-csv-'));
  rulesFile = path.join(dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(RULES));
});

afterAll(async () => {
  seed?.disconnect();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cachescope analyze --csv', () => {
  it('prints each table byte for byte as the core\'s export writes it, key formulas defused', async () => {
    const target = ['--url', redis.url, '--ttl-rules', rulesFile];
    const json = await runCli(['analyze', '--json', ...target], { timeoutMs: 60_000 });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as AnalysisReport;
    expect(report.ttlViolations.length).toBeGreaterThan(0);

    // The UI's export, through the core's own command, of the same server with the same rules.
    const app = makeCore({ REDIS_URL: redis.url });
    try {
      await app.call('keyspace.settings.set', { id: 'env-default', ttlRules: RULES });
      await app.call('connections.open', { id: 'env-default' });
      await app.call('analysis.run', { id: 'env-default', depth: 2 });
      for (const table of TABLES) {
        const cli = await runCli(['analyze', '--csv', table, ...target], { timeoutMs: 60_000 });
        expect(cli.stderr).toBe('');
        expect(cli.code).toBe(0);
        expect(cli.stdout).toBe(reportCsv(report, table));
        const ui = await app.call('analysis.export', { id: 'env-default', format: 'csv', table });
        expect(cli.stdout).toBe(ui.content);
        // No cell starts a formula: the key's cell (quoted, for its quotes and comma) begins with '.
        expect(cli.stdout).toContain(`"'=HYPERLINK(""http://x"",""y"")`);
        expect(cli.stdout).not.toMatch(/(^|,|\r\n)"?[=+@-]/);
      }
    } finally {
      await app.close();
    }
  });

  it('refuses an unknown table, --csv with --json, and a rules file the contract refuses, naming the choices', async () => {
    const bad = await runCli(['analyze', '--csv', 'keys', '--url', redis.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--csv must be one of namespaces, topKeys, violations/);
    const both = await runCli(['analyze', '--csv', 'topKeys', '--json', '--url', redis.url]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--csv and --json/);
    const badRules = path.join(dir, 'bad.json');
    writeFileSync(badRules, JSON.stringify([{ pattern: '', maxTtlSec: 60 }]));
    const refused = await runCli(['analyze', '--csv', 'violations', '--ttl-rules', badRules, '--url', redis.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--ttl-rules/);
    expect(refused.stdout).toBe('');
  });

  it('documents --csv and --ttl-rules in --help', async () => {
    const help = await runCli(['analyze', '--help']);
    expect(help.stdout).toMatch(/--csv TABLE/);
    expect(help.stdout).toMatch(/namespaces\|topKeys\|violations/);
    expect(help.stdout).toMatch(/--ttl-rules FILE/);
  });
});
