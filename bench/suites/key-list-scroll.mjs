/**
 * Renderer heap and long tasks while scrolling the key list (issue: "scrolling the 1M-key list in
 * Chromium without long tasks over 50 ms"). A benchmark figure, never a test assertion.
 *
 * Its own redis-server (a free loopback port, `--save '' --appendonly no`, a private directory)
 * seeded with `cachescope seed` (the bench's dataset: N keys shaped like the layouts), the built
 * `cachescope serve`, and Debian's Chromium driven by Playwright, as scripts/bench-renderer.mjs
 * does. In the page: Keys tab → start the scan → wait until it is done (time to the first row on
 * screen and the scan's duration, both timed inside the page) → List mode → ~30 s of scrolling in
 * a fixed pattern (wheel steps, PageDown bursts, jumps to random offsets as a scrollbar drag does,
 * seeded PRNG), with a PerformanceObserver('longtask', buffered) in the page from its first script
 * and the JS heap read through CDP (`Runtime.getHeapUsage`) before, every second during, and after.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { BenchRedis } from '../lib/redis.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { start, stop, sleep } from '../lib/proc.mjs';
import { round } from '../lib/stats.mjs';
import { waitForServeUrl } from '../lib/serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const SEED = 0x5c011; // the scroll pattern's PRNG seed: every run scrolls the same way
const mb = (bytes) => round(bytes / 1024 / 1024, 1);
const loadavg = () => os.loadavg().map((x) => round(x, 2));

/** mulberry32: a small deterministic PRNG in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fixed scroll pattern: cycles of a wheel run (20 notches of 100–600 px, some upwards, 50 ms
 * apart), a PageDown burst (10 presses 80 ms apart, the list's own keyboard paging) and 3 jumps
 * to random offsets (scrollTop set at once, as dragging the scrollbar thumb does; 250 ms to
 * settle each). ~2.5 s of input per cycle plus Playwright's round trips; 10 cycles ≈ 30 s.
 */
export function scrollPlan(cycles = 10, seed = SEED) {
  const rnd = prng(seed);
  const steps = [];
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < 20; i++) steps.push({ kind: 'wheel', dy: Math.round((100 + rnd() * 500) * (rnd() < 0.25 ? -1 : 1)), waitMs: 50 });
    for (let i = 0; i < 10; i++) steps.push({ kind: 'key', key: 'PageDown', waitMs: 80 });
    for (let i = 0; i < 3; i++) steps.push({ kind: 'jump', at: round(rnd(), 6), waitMs: 250 });
  }
  return steps;
}

/** The page's CPU slowdown for the second scan (CDP Emulation.setCPUThrottlingRate). */
const SLOWDOWN = 4;

/** Main-thread time so far (CDP Performance.getMetrics; seconds and counts). */
async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** What the main thread did between two readings: task, script, layout and style time (ms), layouts. */
function diffBusy(a, b) {
  const ms = (k) => Math.round((b[k] - a[k]) * 1000);
  return { taskMs: ms('TaskDuration'), scriptMs: ms('ScriptDuration'), layoutMs: ms('LayoutDuration'), styleMs: ms('RecalcStyleDuration'), layouts: b.LayoutCount - a.LayoutCount };
}

/** Rescan from the scan bar with the page's CPU slowed `rate`×: long tasks and main-thread time while it streams. */
async function slowScan(page, cdp, rate) {
  await page.getByTestId('mode-tree').click();
  await page.locator('[data-testid="keys-list"] [data-testid="folder-row"]').first().waitFor({ timeout: 60_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  try {
    const since = await page.evaluate(() => performance.now());
    const before = await mainThread(cdp);
    const load = loadavg();
    await page.getByTestId('scan-start').click();
    await page.locator('[data-testid="scan-bar"][data-state="running"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="scan-bar"][data-state="done"]').waitFor({ timeout: 20 * 60_000 });
    const until = await page.evaluate(() => performance.now());
    const busy = diffBusy(before, await mainThread(cdp));
    const tasks = await page.evaluate(([from, to]) => window.__longTasks.filter((e) => e.start >= from && e.start <= to).map((e) => e.duration), [since, until]);
    return { rate, scanMs: round(until - since, 0), longTasks: tasks.length, longestMs: round(Math.max(0, ...tasks), 0), longTaskTotalMs: round(tasks.reduce((x, y) => x + y, 0), 0), busy, loadavg: load };
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
}

/**
 * `opts` (the scale curve): `redis` (started) and `seeded` (what filled it) reuse a server the
 * caller seeded, or `seed(redis)` fills this suite's own instead of `cachescope seed`; `keys`
 * names the size, `dir` its directory, `slowScan: false` skips the rescan at 4× slowdown.
 */
export async function keyListScrollSuite(ctx, opts = {}) {
  const { chromium } = await import('@playwright/test');
  const keys = opts.keys ?? ctx.keys;
  const dir = path.join(ctx.tmp, opts.dir ?? 'keyscroll');
  mkdirSync(dir, { recursive: true });
  const own = !opts.redis;
  const redis = opts.redis ?? new BenchRedis(dir);
  let serve = null;
  let browser = null;
  try {
    if (own) await redis.start();
    ctx.log(`keyscroll: redis-server on 127.0.0.1:${redis.port}; ${opts.seeded ? `${keys} keys already there (${opts.seeded.profile ?? 'seeded by the caller'})` : `seeding ${keys} keys (${opts.seed ? 'the caller\'s dataset' : `profile ${ctx.profile}`})`}`);
    const seeded = opts.seeded ?? (opts.seed ? await opts.seed(redis) : await seedDataset({ ...ctx, redis }));
    const dbsize = await redis.dbsize();

    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    serve = start(process.execPath, [path.join(ctx.root, 'bin', 'cachescope.js'), 'serve', '--port', '0'], {
      cwd: ctx.root,
      // The scan is started (and timed) by a click: no automatic scan, whatever the key count.
      env: { ...process.env, CACHESCOPE_DATA_DIR: dataDir, REDIS_URL: redis.url, CACHESCOPE_AUTO_SCAN_MAX_KEYS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await waitForServeUrl(serve);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await page.context().newCDPSession(page);
    const heapUsed = async (gc) => {
      if (gc) await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };

    await page.goto(url);
    await page.locator('[data-testid="connection-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('view-tab-keys').click();
    await page.getByTestId('scan-start-empty').waitFor({ timeout: 30_000 });

    // Timed inside the page: the click, the first row in the DOM, the scan bar reaching "done".
    await page.evaluate(() => {
      const t = (window.__scanTimes = { click: null, firstRow: null, done: null });
      document.querySelector('[data-testid="scan-start-empty"]').addEventListener('click', () => (t.click = performance.now()), { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (t.click === null) return;
        if (t.firstRow === null && document.querySelector('[data-testid="folder-row"], [data-testid="key-row"]')) t.firstRow = performance.now();
        if (t.done === null && document.querySelector('[data-testid="scan-bar"][data-state="done"]')) t.done = performance.now();
        if (t.firstRow !== null && t.done !== null) mo.disconnect();
      });
      mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
    const scanLoad = loadavg();
    await cdp.send('Performance.enable');
    const busyBefore = await mainThread(cdp);
    await page.getByTestId('scan-start-empty').click();
    await page.locator('[data-testid="scan-bar"][data-state="done"]').waitFor({ timeout: 20 * 60_000 });
    const scanBusy = diffBusy(busyBefore, await mainThread(cdp));
    const times = await page.evaluate(() => window.__scanTimes);
    const scanned = Number(await page.getByTestId('scan-text').getAttribute('data-scanned'));
    const scanLongTasks = await page.evaluate((since) => window.__longTasks.filter((e) => e.start >= since).map((e) => e.duration), times.click);
    ctx.log(`keyscroll: scanned ${scanned} keys in ${round((times.done - times.click) / 1000, 1)} s; first row after ${round(times.firstRow - times.click, 0)} ms`);

    await page.getByTestId('mode-list').click();
    const list = page.getByTestId('keys-list');
    await page.locator('[data-testid="keys-list"] [data-testid="key-row"]').first().waitFor({ timeout: 60_000 });
    const listTotal = Number(await list.getAttribute('data-total'));
    await list.focus();
    const box = await list.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await sleep(1000); // let the first page of rows settle

    // Before the scroll: heap after a forced GC; then no forced GC until the scroll is over (a
    // GC on the main thread would be a long task of our own making).
    const heapStart = await heapUsed(true);
    const loadBefore = loadavg();
    const plan = scrollPlan();
    const samples = [heapStart];
    let sampling = true;
    let maxRowIndex = 0; // how deep the scroll went (sanity: the jumps reach the far end)
    const deepest = () => list.evaluate((el) => Math.max(0, ...[...el.querySelectorAll('[data-index]')].map((r) => Number(r.dataset.index)))).catch(() => 0);
    const sampler = (async () => {
      while (sampling) {
        await sleep(1000);
        if (!sampling) break;
        samples.push(await heapUsed(false).catch(() => 0));
        maxRowIndex = Math.max(maxRowIndex, await deepest());
      }
    })();
    const since = await page.evaluate(() => performance.now());
    const t0 = performance.now();
    const counts = { wheel: 0, key: 0, jump: 0 };
    const stepAt = []; // ms since t0 when each step was sent: which input a long task followed
    for (const s of plan) {
      stepAt.push(performance.now() - t0);
      if (s.kind === 'wheel') await page.mouse.wheel(0, s.dy);
      else if (s.kind === 'key') await page.keyboard.press(s.key);
      else
        await list.evaluate((el, at) => {
          el.scrollTop = at * (el.scrollHeight - el.clientHeight);
        }, s.at);
      counts[s.kind]++;
      await sleep(s.waitMs);
    }
    await sleep(500); // the last jump's rows arrive
    const scrollMs = performance.now() - t0;
    sampling = false;
    await sampler;
    const entries = await page.evaluate((from) => window.__longTasks.filter((e) => e.start >= from), since);
    const tasks = entries.map((e) => e.duration);
    // Page and Node clocks are both monotonic, offset by one evaluate round trip (a few ms).
    const during = entries.map((e) => {
      const at = e.start - since;
      let i = stepAt.length - 1;
      while (i > 0 && stepAt[i] > at) i--;
      return { ms: round(e.duration, 0), atS: round(at / 1000, 2), after: at < 0 ? null : plan[i].kind };
    });
    const placeholders = await page.locator('[data-testid="keys-list"] .key-row.placeholder').count();
    const loadAfter = loadavg();
    const heapEndNoGc = await heapUsed(false);
    const heapEnd = await heapUsed(true);
    samples.push(heapEndNoGc);

    // The same scan again with the page's CPU slowed down (CDP CPU throttling): a slower or busier
    // machine than this one. Back in the tree at the root, where the scan streams folder counts.
    const slow = opts.slowScan === false ? null : await slowScan(page, cdp, SLOWDOWN);
    if (slow) ctx.log(`keyscroll: rescan at ${SLOWDOWN}× page CPU slowdown: ${slow.longTasks} long tasks (longest ${slow.longestMs} ms), main thread busy ${slow.busy.taskMs} ms over ${round(slow.scanMs / 1000, 1)} s`);

    const scanMs = times.done - times.click;
    const result = {
      keys,
      seeded,
      dbsize,
      scanned,
      listTotal,
      timeToFirstRowMs: times.firstRow === null ? null : round(times.firstRow - times.click, 0),
      scanMs: round(scanMs, 0),
      scanKeysPerSec: scanMs > 0 ? Math.round(scanned / (scanMs / 1000)) : null,
      scanLongTasks: scanLongTasks.length,
      scanLongestMs: round(Math.max(0, ...scanLongTasks), 0),
      scanLongTasksMs: scanLongTasks.map((d) => round(d, 0)),
      scanMainThread: scanBusy,
      slowScan: slow,
      scrollSeconds: round(scrollMs / 1000, 1),
      scrollSteps: counts,
      scrollSeed: SEED,
      longTasks: tasks.length,
      longestMs: round(Math.max(0, ...tasks), 0),
      longTaskTotalMs: round(tasks.reduce((a, b) => a + b, 0), 0),
      longTasksMs: tasks.map((d) => round(d, 0)),
      longTasksAfter: during,
      longTasksByInput: during.reduce((acc, d) => ((acc[d.after ?? 'before'] = (acc[d.after ?? 'before'] ?? 0) + 1), acc), {}),
      heapStartMB: mb(heapStart),
      heapEndMB: mb(heapEnd),
      heapEndNoGcMB: mb(heapEndNoGc),
      heapMaxMB: mb(Math.max(...samples)),
      heapSamplesMB: samples.map(mb),
      placeholdersAtEnd: placeholders,
      maxRowIndexSeen: maxRowIndex,
      pageErrors,
      loadavg: { scanStart: scanLoad, scrollStart: loadBefore, scrollEnd: loadAfter },
      chromium: browser.version(),
      viewport: '1440×900',
      note: 'long tasks = PerformanceObserver longtask (> 50 ms) from the first scroll input to 0.5 s after the last; heap = Runtime.getHeapUsage usedSize: start and end after a forced GC, max over 1 s samples during the scroll (no GC) and the end before GC',
    };
    ctx.log(`keyscroll: ${result.scrollSeconds} s of scrolling: ${result.longTasks} long tasks (longest ${result.longestMs} ms), heap ${result.heapStartMB} → ${result.heapEndMB} MB (max ${result.heapMaxMB} MB), load ${loadAfter.join(' ')}`);
    return result;
  } finally {
    await browser?.close().catch(() => undefined);
    await stop(serve);
    if (own) await redis.stop().catch(() => undefined);
  }
}
