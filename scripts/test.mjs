#!/usr/bin/env node
// `npm test`: provision what the suites need (or say exactly how), build, run vitest and
// Playwright, and end with one plain line summed over both: "N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function provision() {
  const packages = [];
  if (!has('redis-server')) packages.push('redis-server', 'redis-tools');
  // The Sentinel tests start their own sentinels (the cluster tests need only redis-server and redis-cli).
  if (!has('redis-sentinel')) packages.push('redis-sentinel');
  if (!fs.existsSync(chromiumPath)) packages.push('chromium');
  // The SSH tunnel's tests start their own sshd, and make keys and an agent with ssh-keygen/ssh-agent.
  if (!fs.existsSync('/usr/sbin/sshd')) packages.push('openssh-server');
  if (!has('ssh-keygen') || !has('ssh-agent')) packages.push('openssh-client');
  if (packages.length === 0) return;
  const install = `apt-get install -y ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`Missing ${packages.join(', ')}. Install with: sudo apt-get update && sudo ${install}`);
    process.exit(1);
  }
  console.log(`Missing ${packages.join(', ')}: running apt-get update && ${install}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed; run it by hand: sudo apt-get update && sudo ${install}`);
      process.exit(1);
    }
  }
}

/**
 * Run one step with its output streamed through (colours kept on a terminal), and collect the
 * lines `watch` matches: a step can pass while printing what must not be printed.
 */
function run(label, cmd, args, env = {}, watch = null) {
  console.log(`\n=== ${label} ===`);
  const colour = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
  const child = spawn(cmd, args, { stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, ...colour, ...env } });
  const seen = [];
  const check = (line) => watch && watch.test(line) && seen.length < 100 && seen.push(line);
  const partial = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr']) {
    child[name].on('data', (chunk) => {
      process[name].write(chunk);
      const lines = (partial[name] + chunk.toString('utf8')).split('\n');
      partial[name] = lines.pop() ?? '';
      lines.forEach(check);
    });
  }
  return new Promise((resolve) =>
    child.on('close', (code) => {
      Object.values(partial).forEach(check); // a last line without a newline
      resolve({ code: code ?? 1, seen });
    }),
  );
}

/** Every ioredis client handles its errors; one that does not prints this (and could crash a process). */
const UNHANDLED_REDIS = /\[ioredis\] Unhandled error event/;
/** Vite's warnings start with "(!)"; tsc and the rest say "warning". */
const BUILD_WARNING = /\(!\)|\bwarning\b/i;
const unhandled = [];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

provision();
const totals = { passed: 0, failed: 0, skipped: 0 };

// The build type-checks electron/ only; the renderer, the preload and the tests are checked here
// (vite and vitest strip types without checking them). A type error counts as one failure.
if ((await run('typecheck (node, preload, renderer, tests)', 'npm', ['run', 'typecheck', '--silent'])).code !== 0) totals.failed += 1;

// Lint carries the architecture's boundaries (eslint.config.mjs): a crossing counts as one failure.
if ((await run('lint (eslint: boundaries + typescript-eslint)', 'npm', ['run', 'lint', '--silent'])).code !== 0) totals.failed += 1;

const build = await run('build', 'npm', ['run', 'build', '--silent'], {}, BUILD_WARNING);
// A warning on every build is noise that hides the one that matters: it counts as a failure.
if (build.seen.length > 0) {
  console.error(`\nThe build printed ${build.seen.length} warning line(s):\n${build.seen.join('\n')}`);
  totals.failed += 1;
}
if (build.code !== 0) {
  totals.failed += 1;
} else {
  const vitestJson = path.join(results, 'vitest.json');
  fs.rmSync(vitestJson, { force: true });
  const vitest = await run('vitest (unit + integration, real redis-server)', 'npx', [
    'vitest', 'run', '--configLoader', 'runner', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`,
  ], {}, UNHANDLED_REDIS);
  const vitestCode = vitest.code;
  unhandled.push(...vitest.seen);
  const v = readJson(vitestJson);
  if (v) {
    totals.passed += v.numPassedTests ?? 0;
    totals.failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites > 0 && !v.numFailedTests ? v.numFailedTestSuites : 0);
    totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  }
  if (!v || (vitestCode !== 0 && totals.failed === 0)) totals.failed += 1; // the runner itself broke

  const pwJson = path.join(results, 'playwright.json');
  fs.rmSync(pwJson, { force: true });
  const before = totals.failed;
  // The build above is fresh: Playwright's global setup need not build again.
  const pw = await run('playwright (Chromium against serve mode)', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromiumPath, CACHESCOPE_E2E_SKIP_BUILD: '1' }, UNHANDLED_REDIS);
  const pwCode = pw.code;
  unhandled.push(...pw.seen);
  const p = readJson(pwJson);
  if (p?.stats) {
    totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    totals.failed += p.stats.unexpected ?? 0;
    totals.skipped += p.stats.skipped ?? 0;
    if ((p.errors ?? []).length > 0 && p.stats.unexpected === 0) totals.failed += p.errors.length;
  }
  if (!p || (pwCode !== 0 && totals.failed === before)) totals.failed += 1;
}

// The serve processes of the e2e suite are checked by its fixture (test/e2e/fixtures.ts).
if (unhandled.length > 0) {
  console.error(`\n${unhandled.length} "[ioredis] Unhandled error event" line(s): a client without an 'error' listener:\n${unhandled.join('\n')}`);
  totals.failed += 1;
}

const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
fs.writeFileSync(path.join(results, 'summary.txt'), line + '\n');
console.log(`\n${line}`);
process.exit(totals.failed > 0 ? 1 : 0);
