import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { startRedis } from '../helpers/redis-server';
import { ratio, seedHotKeys, startCacheAside } from './dashboard-workload';
import { expect, test } from './fixtures';
import { saveScreenshot as saveShot } from './screenshots';


/** The raw number behind a tile (its data-value), or null while it shows "no data". */
async function tileValue(page: Page, testId: string): Promise<number | null> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

async function numberAttr(locator: Locator, name: string): Promise<number | null> {
  const raw = await locator.getAttribute(name);
  return raw === null || raw === '' ? null : Number(raw);
}

/** Wait for the next poll to land on screen: the ops tile's command count changes with every sample. */
async function nextSample(page: Page): Promise<void> {
  const before = await page.getByTestId('kpi-ops-detail').textContent();
  await expect.poll(() => page.getByTestId('kpi-ops-detail').textContent(), { message: 'a new sample arrives' }).not.toBe(before);
}

/** Charts off screen skip their redraws (they catch up when seen): bring one into view before reading it. */
async function showChart(page: Page, chartId: string): Promise<Locator> {
  const chart = page.getByTestId(`chart-${chartId}`);
  await chart.scrollIntoViewIfNeeded();
  return chart;
}

/** Segments of a drawn line: recharts starts a new "M" after every null (a gap). */
async function lineSegments(page: Page, chartId: string, nth = 0): Promise<number> {
  const d = await page.getByTestId(`chart-${chartId}`).locator('path.recharts-line-curve').nth(nth).getAttribute('d');
  return (d ?? '').split('M').length - 1;
}

/** The top of the overview, no synced tooltip left over from an earlier step. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await saveShot(page, name);
}

async function connect(redisPort: number): Promise<Redis> {
  const client = testClient(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}

test.describe('live dashboard', () => {
  test('the hit-rate tile and chart agree with the hit rate the workload computes itself', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      const hot = await seedHotKeys(client, 100);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      const chart = page.getByTestId('chart-hit-rate');
      await expect(chart).toBeVisible();
      // Start from a sample taken before any traffic: the window then holds all of it.
      await nextSample(page);

      const app = startCacheAside(client, { hotKeys: hot, hitShare: 0.9, readsPerTick: 20, tickMs: 100, fillTtlSec: 60 });
      try {
        // Phase 1: 90 % of reads hit. The interval tile settles on the workload's own figure.
        await expect.poll(async () => tileValue(page, 'kpi-hit-rate')).toBeGreaterThan(0.85);
        app.mark();
        await nextSample(page);
        await nextSample(page);
        const phase1 = ratio(app.sinceMark());
        expect(Math.abs((await tileValue(page, 'kpi-hit-rate'))! - phase1)).toBeLessThan(0.02);

        // Phase 2: half the reads miss (and are filled, cache-aside). Tile and chart follow within 2 points.
        app.setHitShare(0.5);
        await nextSample(page);
        app.mark();
        await nextSample(page);
        await nextSample(page);
        const phase2 = ratio(app.sinceMark());
        expect(phase2).toBeGreaterThan(0.45);
        expect(phase2).toBeLessThan(0.55);
        await expect.poll(async () => Math.abs((await tileValue(page, 'kpi-hit-rate'))! - phase2)).toBeLessThan(0.02);
        await expect.poll(async () => Math.abs((await numberAttr(chart, 'data-latest'))! - phase2)).toBeLessThan(0.02);
      } finally {
        await app.stop();
      }

      // After the traffic: the window's hit rate (a ratio of sums over every interval, drawn from the
      // chart's data) equals the workload's total within 2 points — both phases, weighted by traffic.
      await nextSample(page);
      await nextSample(page);
      const overall = ratio(app.total);
      const summary = page.getByTestId('chart-hit-rate-summary');
      const windowRate = await numberAttr(summary, 'data-window-hit-rate');
      expect(windowRate).not.toBeNull();
      expect(Math.abs(windowRate! - overall)).toBeLessThan(0.02);
      // A quiet interval is "no data", never 0 % or 100 %.
      await expect(page.getByTestId('kpi-hit-rate-value')).toHaveText('—');

      // Hovering the tile shows the server's raw figure and what Cachescope left out.
      await page.getByTestId('kpi-hit-rate').hover();
      const hover = page.getByTestId('kpi-hit-rate-hover');
      await expect(hover).toBeVisible();
      await expect(page.getByTestId('kpi-hit-rate-own')).toContainText(/excluding \d[\d,]* reads by Cachescope in 5m/);
      await expect(hover).toContainText('Server raw');
      // The tile reads a short window and says which; the instant (last interval) value is on hover.
      await expect(page.getByTestId('kpi-hit-rate')).toHaveAttribute('aria-label', /^Hit rate · last \d+ s$/);
      await expect(page.getByTestId('kpi-hit-rate-instant')).toHaveText('—');
      await page.getByTestId('kpi-ops').hover();
      await expect(page.getByTestId('kpi-ops-instant')).toHaveText(/^[\d.,]+k? ops\/s$/);
      await expect(page.getByTestId('kpi-ops-own')).toContainText(/Cachescope [\d.,]+k?\/s/);
      // The latency chart draws the server's percentiles beside the round trip; ops draw Cachescope's own apart.
      // (A chart off screen keeps what it drew when it was last seen: bring it into view first.)
      await page.getByTestId('chart-latency').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('chart-latency')).toContainText('server p99 · app mix');
      await expect(page.getByTestId('chart-latency')).toContainText('LATENCY HISTOGRAM per interval');
      await expect(page.getByTestId('chart-ops')).toContainText("Cachescope's own");
      await page.getByTestId('kpi-hit-rate').hover();

      // Hovering the chart shows a tooltip with the interval figure, the raw one and the lookups.
      const box = (await chart.locator('.recharts-surface').boundingBox())!;
      await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
      await expect(page.getByTestId('chart-tooltip').first()).toContainText('server raw');
      await expect(page.getByTestId('chart-tooltip').first()).toContainText('interval');

      // Points drawn per series stay within the budget in every window.
      for (const w of ['15m', '1h', '24h', '5m']) {
        await page.getByTestId(`window-${w}`).check();
        await expect(page.getByTestId('charts-mode')).toContainText('live');
        expect(await numberAttr(chart, 'data-points')).toBeLessThanOrEqual(300);
      }
    } finally {
      client.disconnect();
    }
  });

  test('a small maxmemory shows evictions per second and the limit line on the memory chart', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      // The server panel has read the limits already; it must notice them change (INFO says so).
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await expect(page.getByTestId('config-maxmemory')).toHaveText('0 (no limit)');
      await client.config('SET', 'maxmemory', '2mb');
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const hot = await seedHotKeys(client, 50);
      // Cache-aside with 4 KiB values and mostly misses: every miss fills, the server must evict.
      const app = startCacheAside(client, { hotKeys: hot, hitShare: 0.2, readsPerTick: 40, tickMs: 100, fillTtlSec: 600, valueBytes: 4096 });
      try {
        await expect.poll(async () => tileValue(page, 'kpi-evictions'), { message: 'evictions/s > 0' }).toBeGreaterThan(0);
        await expect(page.getByTestId('kpi-memory-detail')).toContainText('of 2.00 MiB');
        await expect(page.getByTestId('kpi-memory-policy')).toContainText('allkeys-lru');
        const memory = await showChart(page, 'memory');
        await expect(memory.locator('.limit-line')).toHaveCount(1);
        await expect(memory.getByText('maxmemory 2.00 MiB · allkeys-lru')).toBeVisible();
        await expect(page.getByTestId('memory-chart-wrap')).toHaveAttribute('data-limit', String(2 * 1024 * 1024));
        // The evictions chart draws a positive rate.
        await expect.poll(async () => numberAttr(await showChart(page, 'evictions'), 'data-latest')).toBeGreaterThan(0);
        // The server panel reads the limits through CONFIG.
        await expect(page.getByTestId('config-maxmemory')).toHaveText('2.00 MiB');
        await expect(page.getByTestId('config-maxmemory-policy')).toHaveText('allkeys-lru');
      } finally {
        await app.stop();
      }
    } finally {
      client.disconnect();
    }
  });

  test('killing the server shows the disconnected state and a gap; the charts resume after a restart', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    const hot = await seedHotKeys(client, 20);
    client.disconnect();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await nextSample(page);
    await nextSample(page);
    const chart = await showChart(page, 'ops');
    await expect(chart).toHaveAttribute('data-gaps', '0');
    expect(await lineSegments(page, 'ops')).toBe(1);

    await redis.kill();
    await expect(page.getByTestId('state-disconnected')).toBeVisible();
    await expect(page.getByTestId('disconnected-reason')).toContainText(/refused|closed|lost|reach/i);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', /reconnecting|error/);
    // The numbers stay, marked as not live; the charts shade the outage as it grows.
    await expect(page.getByTestId('kpi-grid')).toHaveClass(/stale/);
    await expect(chart.locator('.gap-live')).toHaveCount(1);
    await expect(chart).toHaveAttribute('data-gaps', '1');
    // The disconnected alert fires on the connection in the sidebar.
    await expect(page.getByTestId('connection-item-alerts')).toContainText('Disconnected');

    await redis.restart();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('state-disconnected')).toHaveCount(0);
    // Resumed: new points, the outage kept as a marked gap (and the restart as a marker), the line broken there.
    const before = await numberAttr(chart, 'data-points');
    await expect.poll(async () => numberAttr(chart, 'data-points')).toBeGreaterThan(before!);
    await expect(chart).toHaveAttribute('data-gaps', '1');
    await expect(chart.locator('.gap-area')).toHaveCount(1);
    await expect(chart.locator('.reset-restart')).toHaveCount(1);
    await nextSample(page);
    await nextSample(page);
    expect(await lineSegments(page, 'ops')).toBe(2);
    await expect(page.getByTestId('kpi-grid')).not.toHaveClass(/stale/);
    await expect(page.getByTestId('connection-item-alerts')).toHaveCount(0);
    // Traffic after the restart is measured from a new baseline (no spike): ops/s is a plain small rate.
    const again = await connect(redis.port);
    try {
      await again.set(hot[0]!, 'x');
      await expect.poll(async () => tileValue(page, 'kpi-ops')).toBeLessThan(1000);
    } finally {
      again.disconnect();
    }
  });

  test('an alert rule edited in the UI fires and clears, and stays in the history', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      const hot = await seedHotKeys(client, 50);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      // Alerts view: hit rate below 90 % for 1 s, cleared after 2 s back above.
      await page.getByTestId('view-tab-alerts').click();
      await expect(page.getByTestId('alerts-none')).toBeVisible();
      await page.getByTestId('rule-hitRate-threshold').fill('90');
      await page.getByTestId('rule-hitRate-for').fill('1');
      await page.getByTestId('rule-hitRate-clear').fill('2');
      await page.getByTestId('rules-save').click();
      await expect(page.getByTestId('rules-saved')).toBeVisible();
      // A wrong value is refused in words before it reaches the core.
      await page.getByTestId('rule-latency-threshold').fill('abc');
      await page.getByTestId('rules-save').click();
      await expect(page.getByTestId('rules-error')).toContainText('Latency high');
      await page.getByTestId('rule-latency-threshold').fill('1');
      await page.getByTestId('rule-latency-clear').fill('-3');
      await page.getByTestId('rules-save').click();
      await expect(page.getByTestId('rules-error')).toContainText('"clear after" must be whole seconds');
      await page.getByTestId('rule-latency-clear').fill('30');

      const app = startCacheAside(client, { hotKeys: hot, hitShare: 0.5, readsPerTick: 20, tickMs: 100, fillTtlSec: 60 });
      try {
        await expect(page.getByTestId('alerts-firing-hitRate')).toBeVisible();
        await expect(page.getByTestId('view-tab-alerts-badge')).toHaveText('1');
        // On the connection in the sidebar and on the overview, with when it started.
        await expect(page.getByTestId('connection-item-alerts')).toContainText('Hit rate low');
        await page.getByTestId('view-tab-overview').click();
        await expect(page.getByTestId('alert-active-hitRate')).toContainText(/since \d\d:\d\d:\d\d/);
        await expect(page.getByTestId('alert-active-hitRate')).toContainText('alert below 90');

        // Recover: every read hits. The alert clears everywhere.
        app.setHitShare(1);
        await expect(page.getByTestId('alert-active-hitRate')).toHaveCount(0);
        await expect(page.getByTestId('connection-item-alerts')).toHaveCount(0);
      } finally {
        await app.stop();
      }
      await page.getByTestId('view-tab-alerts').click();
      await expect(page.getByTestId('alert-history-hitRate-fired')).toBeVisible();
      await expect(page.getByTestId('alert-history-hitRate-cleared')).toBeVisible();
      // The rule survives a reload (the core stores it).
      await page.reload();
      await page.getByTestId('view-tab-alerts').click();
      await expect(page.getByTestId('rule-hitRate-threshold')).toHaveValue('90');
      await expect(page.getByTestId('rule-hitRate-for')).toHaveValue('1');
      await expect(page.getByTestId('rule-hitRate-clear')).toHaveValue('2');
    } finally {
      client.disconnect();
    }
  });

  test('app-side stats from a cache:stats hash are charted beside Redis, and the choice is remembered', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      const hot = await seedHotKeys(client, 50);
      await client.hset('cache:stats', 'hits', 0, 'misses', 0, 'sets', 0);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      const panel = page.getByTestId('app-stats-panel');
      await expect(panel.getByTestId('app-stats-form')).toBeVisible();
      await page.getByTestId('app-stats-kind-hash').check(); // the default is gomeet's JSON string
      await page.getByTestId('app-stats-key').fill('cache:stats');
      await page.getByTestId('app-stats-fields').fill('hits, misses, sets');
      await page.getByTestId('app-stats-hits').selectOption('hits');
      await page.getByTestId('app-stats-misses').selectOption('misses');
      await page.getByTestId('app-stats-save').click();
      await expect(page.getByTestId('app-stats-values')).toBeVisible();
      await expect(page.getByTestId('app-stats-self-reads')).toContainText('Reading a stats key is a Redis lookup too');

      const app = startCacheAside(client, { hotKeys: hot, hitShare: 0.7, readsPerTick: 20, tickMs: 100, fillTtlSec: 60, statsHash: 'cache:stats' });
      try {
        await nextSample(page);
        app.mark();
        await nextSample(page);
        await nextSample(page);
        const own = ratio(app.sinceMark());
        await expect.poll(async () => Math.abs(((await tileValue(page, 'app-stats-hit-rate')) ?? 9) - own)).toBeLessThan(0.02);
        // Redis's figure stays the applications' (Cachescope's reads of the hash are excluded).
        await expect.poll(async () => Math.abs((await tileValue(page, 'kpi-hit-rate'))! - own)).toBeLessThan(0.02);
        await expect(await showChart(page, 'hit-rate')).toContainText("app's own");
        const appChart = await showChart(page, 'app-stats');
        await expect(appChart).toBeVisible();
        await expect.poll(async () => numberAttr(appChart, 'data-latest')).toBeGreaterThan(0);
      } finally {
        await app.stop();
      }
      await page.reload();
      await expect(page.getByTestId('app-stats-values')).toBeVisible();
      await expect(page.getByTestId('app-stat-sets')).toBeVisible();
      await expect(page.getByTestId('app-stats-form')).toHaveCount(0);
    } finally {
      client.disconnect();
    }
  });

  test('window, pause/resume, CSV and PNG export of the visible window', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    const app = startCacheAside(client, { hotKeys: await seedHotKeys(client, 20), hitShare: 0.8, readsPerTick: 10, tickMs: 100, fillTtlSec: 60 });
    try {
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await nextSample(page);
      await nextSample(page);
      // The hero sits right under the toolbar: both on screen while we pause and resume.
      const chart = await showChart(page, 'hit-rate');

      await page.getByTestId('charts-pause').click();
      await expect(page.getByTestId('charts-mode')).toContainText(/paused at \d\d:\d\d:\d\d/);
      const frozen = await numberAttr(chart, 'data-points');
      // Samples keep arriving (the tiles move); the paused charts do not.
      await nextSample(page);
      await nextSample(page);
      expect(await numberAttr(chart, 'data-points')).toBe(frozen);
      await page.getByTestId('charts-resume').click();
      await expect.poll(async () => numberAttr(chart, 'data-points')).toBeGreaterThan(frozen!);

      const csvDownload = page.waitForEvent('download');
      await page.getByTestId('chart-hit-rate-csv').click();
      const csv = await csvDownload;
      expect(csv.suggestedFilename()).toMatch(/^cachescope-.+-hit-rate-5m-\d{8}-\d{6}\.csv$/);
      const text = readFileSync((await csv.path())!, 'utf8');
      const lines = text.trim().split('\r\n');
      expect(lines[0]).toBe('time,interval,since start');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,[\d.]*,[\d.]*$/);

      const opsCsv = page.waitForEvent('download');
      await page.getByTestId('chart-ops-csv').click();
      const opsText = readFileSync((await (await opsCsv).path())!, 'utf8');
      const opsRows = opsText.trim().split('\r\n').slice(1);
      // The CSV holds the window's points (at most 300), even for a chart scrolled out of view.
      expect(opsRows.length).toBeGreaterThan(0);
      expect(opsRows.length).toBeLessThanOrEqual(300);

      const pngDownload = page.waitForEvent('download');
      await page.getByTestId('chart-memory-png').click();
      const png = await pngDownload;
      expect(png.suggestedFilename()).toMatch(/\.png$/);
      const bytes = readFileSync((await png.path())!);
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // 2× the chart's width: a real image, not an empty canvas.
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(400);
      expect(bytes.length).toBeGreaterThan(5000);
    } finally {
      await app.stop();
      client.disconnect();
    }
  });

  test('keyspace table per db, server panel, and "not permitted" where CONFIG is renamed away', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    const hardened = await startRedis(['--rename-command', 'CONFIG', '']);
    try {
      const p = client.pipeline();
      for (let i = 0; i < 30; i++) {
        if (i < 10) p.set(`k:${i}`, 'v', 'EX', 600);
        else p.set(`k:${i}`, 'v');
      }
      await p.exec();
      await client.select(2);
      await client.set('other:1', 'v');
      await client.set('other:2', 'v', 'EX', 600);
      await expect(page.getByTestId('keyspace-db-0')).toBeVisible();
      await expect(page.getByTestId('keyspace-db-0').getByTestId('keyspace-keys')).toHaveText('30');
      await expect(page.getByTestId('keyspace-db-0').getByTestId('keyspace-no-ttl')).toContainText('20');
      await expect(page.getByTestId('keyspace-db-2').getByTestId('keyspace-keys')).toHaveText('2');
      await expect(page.getByTestId('keyspace-db-2').getByTestId('keyspace-no-ttl')).toContainText('1');
      await expect(page.getByTestId('server-persistence')).toContainText('AOF');
      await expect(page.getByTestId('server-aof')).toHaveText('off');
      await expect(page.getByTestId('server-replication')).toContainText('master');
      await expect(page.getByTestId('config-maxmemory')).toHaveText('0 (no limit)');
      // The Keys tile counts the connection's db (0: 30 keys, 20 without TTL), the server's total beside it.
      await expect(page.getByTestId('kpi-keys')).toHaveAttribute('data-value', '30');
      await expect(page.getByTestId('kpi-keys-no-ttl')).toHaveText('20 without TTL');
      await expect(page.getByTestId('kpi-keys-all')).toHaveText('· 32 in all dbs');

      // A hardened server (CONFIG renamed away): the overview works and the panel says what it cannot read.
      await page.getByTestId('add-connection').click();
      await page.getByTestId('form-url').fill(hardened.url);
      await page.getByTestId('form-name').fill('Hardened');
      await page.getByTestId('form-save').click();
      await expect(page.locator('.conn-header h1')).toHaveText('Hardened');
      await expect(page.getByTestId('kpi-grid')).toBeVisible();
      await expect(page.getByTestId('server-config-denied')).toContainText('Not permitted');
      await expect(page.getByTestId('server-config-denied')).toContainText(/CONFIG/);
    } finally {
      client.disconnect();
      await hardened.stop();
    }
  });

  test('connections: duplicate, colour, delete, and keyboard between connections and views', async ({ app: page }) => {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    // Duplicate the default connection as a saved one with another colour.
    await page.getByTestId('duplicate-profile').click();
    await expect(page.getByTestId('form-name')).toHaveValue('REDIS_URL (copy)');
    await expect(page.getByTestId('form-name')).toBeFocused();
    await page.getByTestId('form-name').fill('Copy');
    await page.getByTestId('form-env-prod').check();
    await expect(page.getByTestId('form-color')).toHaveValue('#f85149');
    await page.getByTestId('form-color').fill('#3366ff');
    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Copy');
    await expect(page.getByTestId('env-tag')).toHaveText('prod');
    await expect(page.getByTestId('env-tag')).toHaveCSS('color', 'rgb(51, 102, 255)');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');

    // Keyboard: Alt+n opens the n-th view, ←/→/Home move between tabs, Alt+↑/↓ between connections.
    const tabIds = await page.getByTestId('view-tabs').getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')));
    const alertsAt = tabIds.indexOf('view-tab-alerts') + 1;
    expect(alertsAt).toBeGreaterThan(1);
    await page.keyboard.press(`Alt+${alertsAt}`);
    await expect(page.getByTestId('view-tab-alerts')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('view-tab-alerts').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId(tabIds[alertsAt - 2]!)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(page.getByTestId('view-tab-overview')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('view-tab-overview')).toBeFocused();
    const items = page.getByTestId('connection-list').locator('button.conn-item');
    await expect(items).toHaveCount(2); // the saved copy, and the environment default below it
    await page.getByTestId('duplicate-profile').click();
    await page.getByTestId('form-name').fill('Second');
    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Second');
    await expect(items).toHaveCount(3);
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.locator('.conn-header h1')).toHaveText('Copy');
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.locator('.conn-header h1')).toHaveText('Second');
    await items.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(items.nth(1)).toBeFocused();

    // Delete asks first, then removes it and moves to the remaining one.
    await page.getByTestId('edit-profile').click();
    await page.getByTestId('form-delete').click();
    await expect(page.getByTestId('form-confirm-delete')).toContainText('Second');
    await page.getByTestId('form-delete-confirm').click();
    await expect(page.getByTestId('connection-dialog')).toHaveCount(0);
    await expect(items).toHaveCount(2);
    await expect(page.locator('.conn-header h1')).toHaveText('Copy');
  });

  test('fits a 1024×700 window; screenshots of the overview in both themes', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await client.config('SET', 'maxmemory', '8mb');
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const hot = await seedHotKeys(client, 200);
      await client.hset('cache:stats', 'hits', 0, 'misses', 0, 'sets', 0);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('app-stats-kind-hash').check(); // the test's app keeps a hash; the default is a JSON string
      await page.getByTestId('app-stats-save').click(); // the defaults: cache:stats hits/misses/sets…
      await expect(page.getByTestId('app-stats-values')).toBeVisible();
      const app = startCacheAside(client, { hotKeys: hot, hitShare: 0.92, readsPerTick: 30, tickMs: 100, fillTtlSec: 20, valueBytes: 2048, statsHash: 'cache:stats' });
      try {
        // Let the charts draw a shape: a good stretch, a worse one, recovery.
        for (const share of [0.92, 0.7, 0.85]) {
          app.setHitShare(share);
          for (let i = 0; i < 6; i++) await nextSample(page);
        }
        await page.setViewportSize({ width: 1024, height: 700 });
        await expect(page.getByTestId('kpi-grid')).toBeVisible();
        const overflow = () => page.evaluate(() => ({
          doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          main: (() => {
            const m = document.querySelector('main')!;
            return m.scrollWidth - m.clientWidth;
          })(),
        }));
        await expect.poll(overflow, { message: 'nothing wider than the window once the layout settles' }).toEqual({ doc: 0, main: 0 });
        // Nothing taller either: the main pane scrolls, the window does not. A wheel over the
        // sidebar used to move the whole app up and leave half the window blank.
        const vertical = () => page.evaluate(() => ({
          doc: document.documentElement.scrollHeight - document.documentElement.clientHeight,
          scrollY: window.scrollY,
          mainScrolls: (() => {
            const m = document.querySelector('main')!;
            return m.scrollHeight > m.clientHeight;
          })(),
        }));
        await expect.poll(vertical, { message: 'the window is exactly one screen; the overview scrolls inside main' }).toEqual({ doc: 0, scrollY: 0, mainScrolls: true });
        // Where the leak came from: absolutely positioned bits (visually hidden radios, chart
        // captions) laid out against the window instead of the pane, so they stretched the page
        // below the fold. Each must be positioned inside main.
        const againstWindow = await page.locator('main').evaluate((m) =>
          [...m.querySelectorAll('*')]
            .filter((e) => ['absolute', 'fixed'].includes(getComputedStyle(e).position) && (e as HTMLElement).offsetParent === document.body)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
        );
        expect(againstWindow).toEqual([]);
        const sidebar = page.locator('.sidebar');
        await sidebar.hover();
        await page.mouse.wheel(0, 1500);
        await expect.poll(vertical, { message: 'a wheel over the sidebar leaves the window where it was' }).toEqual({ doc: 0, scrollY: 0, mainScrolls: true });
        await page.locator('main').hover();
        await page.mouse.wheel(0, 400);
        await expect.poll(() => page.locator('main').evaluate((m) => m.scrollTop), { message: 'a wheel over the overview scrolls it' }).toBeGreaterThan(0);
        await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
        await saveScreenshot(page, 'overview-1024');

        await page.setViewportSize({ width: 1440, height: 1500 });
        await page.emulateMedia({ colorScheme: 'dark' });
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
        await nextSample(page);
        await saveScreenshot(page, 'overview-dark');
        await page.emulateMedia({ colorScheme: 'light' });
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
        await nextSample(page);
        await saveScreenshot(page, 'overview-light');
      } finally {
        await app.stop();
      }
    } finally {
      client.disconnect();
    }
  });
});

test.describe('an idle, near-empty server', () => {
  test('says there were no lookups, raises no fragmentation alarm, and counts clients in whole numbers', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await client.set('only:key', 'v');
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      for (let i = 0; i < 3; i++) await nextSample(page);
      // Polls arrived, lookups did not: that is what the hit-rate chart says, not "rates need two polls".
      await expect(page.getByTestId('chart-hit-rate-empty')).toHaveText('No lookups in this window');
      // A 1 MiB server's rss/used ratio is allocator overhead, not fragmentation.
      const frag = page.getByTestId('server-fragmentation');
      await expect(frag).toContainText('too little memory in use');
      await expect(frag).not.toContainText('fragmented');
      // One or two clients: the axis says 0, 1, 2 — never 0.5.
      const clients = await showChart(page, 'clients');
      await expect(clients.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toBeVisible();
      const ticks = await clients.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
      expect(ticks.length).toBeGreaterThan(1);
      for (const t of ticks) expect(t.trim()).toMatch(/^\d+$/);
    } finally {
      client.disconnect();
    }
  });
});

test.describe('an ACL user without INFO', () => {
  test.use({ redisArgs: ['--user', 'noinfo', 'on', '>pw-noinfo', '~*', '+@all', '-info'], defaultCredentials: 'noinfo:pw-noinfo' });

  test('the overview says which permission is missing and still shows keys and the round trip', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await client.mset('user:1', 'a', 'user:2', 'b', 'user:3', 'c');
      const panel = page.getByTestId('state-no-metrics');
      await expect(panel).toBeVisible();
      await expect(panel).toContainText('may not run INFO');
      await expect(panel).toContainText('+info');
      await expect(page.getByTestId('limited-keys')).toHaveText('3');
      await expect(page.getByTestId('limited-latency')).toHaveText(/\d.*ms|µs/);
      // Still counting: a key written now shows at the next reading.
      await client.set('user:4', 'd');
      await expect(page.getByTestId('limited-keys')).toHaveText('4');
    } finally {
      client.disconnect();
    }
  });
});
