import { testClient } from '../helpers/redis-client';
import WebSocket from 'ws';
import { formatInteger } from '../../shared/format';
import { startRedis } from '../helpers/redis-server';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { startTraffic } from './traffic';

const KPI_IDS = ['kpi-hit-rate', 'kpi-ops', 'kpi-memory', 'kpi-evictions', 'kpi-keys', 'kpi-latency', 'kpi-clients'];

/** The raw number behind a tile (its data-value), or null while it shows "no data". */
async function tileValue(page: Page, testId: string): Promise<number | null> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}


test.describe('first screen with a live Redis', () => {
  test('shows the live hit rate, ops/s and keys of the traffic the test sends', async ({ app: page, redis }) => {
    const client = testClient(redis.port, redis.host, { lazyConnect: true });
    await client.connect();
    try {
      // 80 keys, 30 of them with a TTL; nothing else in the database.
      const seed = client.pipeline();
      const hitKeys: string[] = [];
      for (let i = 0; i < 80; i++) {
        const key = `e2e:user:${i}`;
        hitKeys.push(key);
        if (i < 30) seed.set(key, `v${i}`, 'EX', 3600);
        else seed.set(key, `v${i}`);
      }
      await seed.exec();
      const dbsize = await client.dbsize();
      expect(dbsize).toBe(80);

      // 80 hits + 20 misses per second, in 100 ms slices: the interval hit rate is 80 %.
      const traffic = startTraffic(client, { hitKeys, hitsPerTick: 8, missesPerTick: 2, tickMs: 100 });
      try {
        await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
        await expect(page.getByTestId('connection-status')).toContainText('Connected');
        await expect(page.getByTestId('server-version')).toContainText(/Redis \d+\.\d+/);

        // The hit rate settles near what the test computes from its own traffic.
        await expect
          .poll(async () => tileValue(page, 'kpi-hit-rate'), { message: 'interval hit rate near 0.8' })
          .toBeGreaterThan(0.75);
        const expected = traffic.hits / (traffic.hits + traffic.misses);
        expect(expected).toBeCloseTo(0.8, 2);
        const hitRate = await tileValue(page, 'kpi-hit-rate');
        expect(hitRate).not.toBeNull();
        expect(Math.abs(hitRate! - expected)).toBeLessThan(0.05);
        const shown = await page.getByTestId('kpi-hit-rate-value').textContent();
        expect(shown).toMatch(/^\d{1,3}\.\d%$/);
        expect(Math.abs(parseFloat(shown!) - expected * 100)).toBeLessThan(5);
        await expect(page.getByTestId('kpi-hit-rate-total')).toContainText(/since start \d+\.\d%/);

        // ops/s is a real positive rate (≈100 GETs/s plus Cachescope's PING + INFO).
        await expect.poll(async () => tileValue(page, 'kpi-ops')).toBeGreaterThan(50);
        await expect(page.getByTestId('kpi-ops-value')).not.toHaveText('—');

        // Keys equals DBSIZE, and keys without TTL is keys − expires.
        await expect(page.getByTestId('kpi-keys')).toHaveAttribute('data-value', String(dbsize));
        await expect(page.getByTestId('kpi-keys-value')).toHaveText(formatInteger(dbsize));
        await expect(page.getByTestId('kpi-keys-no-ttl')).toContainText('50 without TTL');

        // Memory says "no limit" (the test server has maxmemory 0) instead of a fake percentage.
        await expect(page.getByTestId('kpi-memory-detail')).toContainText('no limit');
        await expect(page.getByTestId('kpi-memory-value')).toHaveText(/^\d+(\.\d+)? (B|KiB|MiB|GiB)$/);
        await expect(page.getByTestId('kpi-evictions-value')).toHaveText('0');

        // The numbers are live: the command counter moves between two looks a couple of seconds apart.
        const before = await page.getByTestId('kpi-ops-detail').textContent();
        await expect.poll(async () => page.getByTestId('kpi-ops-detail').textContent()).not.toBe(before);

        await saveScreenshot(page, 'first-screen');
      } finally {
        await traffic.stop();
      }

      // With the traffic stopped, an interval without lookups is "no data", never 0 % or 100 %.
      await expect(page.getByTestId('kpi-hit-rate-value')).toHaveText('—');
      await expect(page.getByTestId('kpi-hit-rate-detail')).toContainText('no traffic');
      expect(await tileValue(page, 'kpi-hit-rate')).toBeNull();
    } finally {
      client.disconnect();
    }
  });
});

test.describe('first screen with no Redis at the default address', () => {
  test.use({ defaultRedis: 'closed-port' });

  test('says the connection is refused, offers a way out, and shows no fake numbers', async ({ app: page, serve }) => {
    const panel = page.getByTestId('state-unreachable');
    await expect(panel).toBeVisible();
    await expect(page.getByTestId('unreachable-reason')).toContainText(/Connection refused at 127\.0\.0\.1:\d+/);
    await expect(page.getByTestId('connection-status')).toContainText('Unreachable');
    await expect(page.getByTestId('connection-item-env-default')).toContainText('Unreachable');
    await expect(page.getByTestId('default-profile-hint')).toContainText('REDIS_URL');
    await expect(page.getByTestId('retry-connection')).toBeVisible();
    await expect(page.getByTestId('add-connection-guide')).toBeVisible();

    await saveScreenshot(page, 'unreachable');

    // No tiles, no zeros pretending all is well.
    for (const id of KPI_IDS) await expect(page.getByTestId(id)).toHaveCount(0);
    await expect(page.getByTestId('kpi-grid')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText('0.0%');

    // "Retry now" keeps the words (still refused) rather than flashing an empty dashboard.
    await page.getByTestId('retry-connection').click();
    await expect(page.getByTestId('unreachable-reason')).toContainText('Connection refused');

    // The guidance opens the add form; the keyboard closes it again.
    await page.getByTestId('add-connection-guide').click();
    await expect(page.getByTestId('connection-dialog')).toBeVisible();
    await expect(page.getByTestId('form-url')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('connection-dialog')).toHaveCount(0);
    expect(serve.port).toBeGreaterThan(0);
  });
});

test.describe('adding a connection', () => {
  test('paste a URL, Test shows the version, Save opens it live', async ({ app: page }) => {
    const other = await startRedis(['--requirepass', 's3cret-pw']);
    const client = testClient({ port: other.port, host: other.host, password: 's3cret-pw', db: 2, lazyConnect: true });
    try {
      await client.connect();
      await client.mset('order:1', 'a', 'order:2', 'b', 'order:3', 'c', 'order:4', 'd', 'order:5', 'e');
      const version = /redis_version:(\S+)/.exec(await client.info('server'))?.[1];
      expect(version).toBeTruthy();

      await expect(page.getByTestId('connection-status')).toContainText('Connected');
      await page.getByTestId('add-connection').click();
      const dialog = page.getByTestId('connection-dialog');
      await expect(dialog).toBeVisible();

      // A wrong password is reported in words by Test.
      await page.getByTestId('form-url').fill(`redis://:wrong@127.0.0.1:${other.port}/2`);
      await page.getByTestId('form-test').click();
      await expect(page.getByTestId('form-error')).toContainText(/wrong username or password/i);

      // Pasting the right URL fills the fields.
      await page.getByTestId('form-url').fill(`redis://:s3cret-pw@127.0.0.1:${other.port}/2`);
      await expect(page.getByTestId('form-host')).toHaveValue('127.0.0.1');
      await expect(page.getByTestId('form-port')).toHaveValue(String(other.port));
      await expect(page.getByTestId('form-db')).toHaveValue('2');
      await expect(page.getByTestId('form-password')).toHaveValue('s3cret-pw');
      await expect(page.getByTestId('form-tls')).not.toBeChecked();

      await page.getByTestId('form-name').fill('Orders cache');
      await page.getByTestId('form-env-staging').check();
      await page.getByTestId('form-test').click();
      await expect(page.getByTestId('form-test-result')).toContainText(`Redis ${version}`);
      await expect(page.getByTestId('form-test-result')).toContainText('5 keys');

      // Enter submits: saved, the dialog closes, and the new connection is selected and live.
      await page.getByTestId('form-name').press('Enter');
      await expect(dialog).toHaveCount(0);
      const item = page.getByRole('button', { name: /Orders cache/ });
      await expect(item).toBeVisible();
      await expect(item).toContainText('Connected');
      await expect(page.locator('.conn-header h1')).toHaveText('Orders cache');
      await expect(page.getByTestId('env-tag')).toHaveText('staging');
      await expect(page.getByTestId('kpi-keys')).toHaveAttribute('data-value', '5');

      // The password went to main and stays there.
      expect(await page.content()).not.toContain('s3cret-pw');
    } finally {
      client.disconnect();
      await other.stop();
    }
  });
});

test.describe('the serve-mode token', () => {
  test('the page works only with the token, and a reload keeps working', async ({ app: page, browser, serve }) => {
    // With the token: live, and the token is gone from the address bar.
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    expect(page.url()).not.toContain(serve.token);
    await expect(page.getByTestId('kpi-keys')).toBeVisible();

    // A reload (token kept in sessionStorage) is live again at once, history included.
    await page.reload();
    await expect(page.getByTestId('kpi-grid')).toBeVisible();
    await expect(page.getByTestId('connection-status')).toContainText('Connected');

    // A fresh browser context without the token: told what to do, no data.
    const bare = await browser.newContext();
    try {
      const p = await bare.newPage();
      await p.goto(serve.origin + '/');
      await expect(p.getByTestId('no-token')).toContainText('#token=');
      await expect(p.getByTestId('connection-list')).toHaveCount(0);

      // A wrong token: the server refuses the socket; the page says it cannot reach the server.
      await p.goto(`${serve.origin}/#token=${'0'.repeat(64)}`);
      await p.reload();
      await expect(p.getByTestId('bridge-status')).toContainText('Cannot reach the Cachescope server');
      await expect(p.getByTestId('connection-item-env-default')).toHaveCount(0);
      await expect(p.getByTestId('kpi-grid')).toHaveCount(0);
    } finally {
      await bare.close();
    }
  });

  // Issue 15: every load asked for /favicon.ico and got a 404.
  test('loading the page (and reloading it) fetches nothing that is missing, the favicon included', async ({ page, serve }) => {
    const failed: string[] = [];
    const icon: number[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      if (new URL(r.url()).pathname.includes('favicon')) icon.push(r.status());
    });
    // The browser asks for the icon after the page itself: wait for that answer, not a fixed time.
    const iconAnswered = page.waitForResponse((r) => new URL(r.url()).pathname.includes('favicon'));
    await page.goto(serve.url);
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    await iconAnswered;
    await page.reload();
    await expect(page.getByTestId('kpi-grid')).toBeVisible();
    expect(icon[0]).toBe(200);
    expect(failed).toEqual([]);
  });

  test('the WebSocket refuses a missing or wrong token and a foreign Origin', async ({ serve }) => {
    const tryOpen = (query: string, origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws${query}`, { origin });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', (e) => reject(e));
      });
    expect(await tryOpen('', serve.origin)).toBe(403);
    expect(await tryOpen(`?token=${'f'.repeat(64)}`, serve.origin)).toBe(403);
    expect(await tryOpen(`?token=${serve.token}`, 'http://evil.example')).toBe(403);
    expect(await tryOpen(`?token=${serve.token}`, serve.origin)).toBe(101);
  });
});

test.describe('bridge and theme', () => {
  test('losing the Cachescope server is shown in words, not as frozen numbers', async ({ app: page, serve }) => {
    await expect(page.getByTestId('kpi-grid')).toBeVisible();
    await serve.stop();
    await expect(page.getByTestId('bridge-status')).toContainText('Lost contact with the Cachescope server');
    await expect(page.getByTestId('bridge-status')).toContainText('not updating');
    await expect(page.locator('.sidebar-footer')).toContainText('Offline');
  });

  test('follows the system colour scheme and toggles', async ({ app: page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const toggle = page.getByTestId('theme-toggle');
    await toggle.click(); // system → light
    await expect(toggle).toHaveText('Theme: light');
    await toggle.click(); // light → dark, whatever the system says
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('theme-toggle')).toHaveText('Theme: dark');
  });
});
