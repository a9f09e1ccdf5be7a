#!/usr/bin/env node
/**
 * Renderer soak benchmark (run by `npm run bench`, never by `npm test`).
 *
 * A private redis-server with light cache-aside traffic (and an app `cache:stats` hash), the
 * built `cachescope serve`, and Debian's Chromium showing the overview with every chart on
 * screen, polled every second, for `--minutes N` (default 10; `--quick` = 1). Each minute the
 * JS heap is read through CDP (`Runtime.getHeapUsage`, after a forced GC so the figures are
 * comparable); long tasks (> 50 ms main-thread work, PerformanceObserver 'longtask') are
 * counted from the moment the dashboard is live. Prints JSON and writes
 * bench/results/renderer-<date>.json.
 *
 * Needs a build (`npm run build`): it runs out/ as the e2e tests do.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import Redis from 'ioredis';
import { waitForServeUrl } from '../bench/lib/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const minutesArg = args.indexOf('--minutes');
const minutes = quick ? 1 : minutesArg >= 0 ? Number(args[minutesArg + 1]) : 10;
if (!(minutes > 0)) {
  console.error('usage: node scripts/bench-renderer.mjs [--minutes N | --quick]');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

for (const built of ['out/renderer/index.html', 'bin/cachescope.js']) {
  if (!existsSync(path.join(root, built))) {
    console.error(`${built} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}

const log = (msg) => process.stderr.write(`[bench-renderer] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), resolve(true)));
      sock.once('error', () => (sock.destroy(), resolve(false)));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await sleep(50);
  }
}

function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => (clearTimeout(force), resolve()));
    child.kill('SIGTERM');
  });
}

/** Light cache-aside traffic: ~50 reads/s, 80 % hot keys, misses filled with a TTL, app counters. */
function startTraffic(client) {
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const keys = Array.from({ length: 10 }, (_, i) => (i % 5 === 4 ? `bench:item:${n++}` : `bench:hot:${(n + i) % 200}`));
      try {
        const replies = await client.pipeline(keys.map((k) => ['get', k])).exec();
        const fill = client.pipeline();
        let hits = 0;
        let misses = 0;
        replies.forEach(([, v], i) => (v === null ? (misses++, fill.set(keys[i], 'x'.repeat(256), 'EX', 30)) : hits++));
        fill.hincrby('cache:stats', 'hits', hits).hincrby('cache:stats', 'misses', misses);
        await fill.exec();
      } catch {
        // A hiccup in the load generator is not what we measure.
      }
      await sleep(200);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachescope-bench-'));
let redis;
let serve;
let browser;
let stopTraffic = async () => undefined;
let client;
try {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp, '--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
  await waitForPort(port);
  client = new Redis(port, '127.0.0.1');
  const seed = client.pipeline();
  for (let i = 0; i < 200; i++) seed.set(`bench:hot:${i}`, 'v'.repeat(256), 'EX', 3600);
  seed.hset('cache:stats', 'hits', 0, 'misses', 0, 'sets', 0);
  await seed.exec();

  const dataDir = path.join(tmp, 'data');
  mkdirSync(dataDir);
  serve = spawn(process.execPath, [path.join(root, 'bin', 'cachescope.js'), 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, CACHESCOPE_DATA_DIR: dataDir, REDIS_URL: `redis://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForServeUrl(serve);
  stopTraffic = startTraffic(client);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Tall enough that every chart of the overview is on screen (drawn, not scrolled away).
  const page = await browser.newPage({ viewport: { width: 1440, height: 2400 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  const heapUsed = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  await page.goto(url);
  await page.getByTestId('kpi-grid').waitFor({ timeout: 30_000 });
  // Chart the app's counters too (the panel's defaults: cache:stats hits/misses…).
  await page.getByTestId('app-stats-save').click();
  await page.getByTestId('chart-app-stats').waitFor({ timeout: 30_000 });
  for (const id of ['hit-rate', 'memory', 'evictions', 'ops', 'clients', 'network', 'latency', 'app-stats']) await page.getByTestId(`chart-${id}`).waitFor();
  // Long tasks of the page load itself (bundle parse, first render) are not the steady state.
  await page.evaluate(() => (window.__longTasks.length = 0));

  const heap = [await heapUsed()];
  log(`live at ${url.replace(/#.*/, '')}; heap ${mb(heap[0])} MB; running ${minutes} min`);
  for (let m = 1; m <= minutes; m++) {
    await sleep(60_000);
    heap.push(await heapUsed());
    const points = await page.getByTestId('chart-hit-rate').getAttribute('data-points');
    log(`minute ${m}: heap ${mb(heap[heap.length - 1])} MB, hit-rate chart ${points} points`);
  }
  const longTasks = await page.evaluate(() => window.__longTasks.slice());
  const result = {
    minutes,
    heapStartMB: mb(heap[0]),
    heapEndMB: mb(heap[heap.length - 1]),
    heapMaxMB: mb(Math.max(...heap)),
    longTasks: longTasks.length,
    longestMs: Math.round(Math.max(0, ...longTasks)),
    heapSamplesMB: heap.map(mb),
    pointsPerSeries: Number(await page.getByTestId('chart-hit-rate').getAttribute('data-points')),
    chromium: browser.version(),
    note: 'heap = Runtime.getHeapUsage usedSize after a forced GC; long tasks counted from the first live dashboard, 1 s polls, 8 charts on screen',
  };
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  const outDir = path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `renderer-${stamp}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  log(`written to ${path.relative(root, file)}`);
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
} finally {
  await stopTraffic();
  client?.disconnect();
  await browser?.close();
  await stop(serve);
  await stop(redis);
  rmSync(tmp, { recursive: true, force: true });
}
