import { testClient, type TestClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

/**
 * Issue 20 in Chromium: from the overview's hit-rate tile to the Misses view under a live
 * cache-aside workload; watching asks before it changes notify-keyspace-events, shows misses per
 * namespace with their causes, and stopping puts the setting back.
 */

/** Every 50 ms: cold reads of one namespace, and set → delete → read (an invalidation) on another. */
function startWorkload(client: TestClient): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const p = client.pipeline();
      // GoMeet's own stats key, read and written on every lookup.
      p.get('cache:stats');
      p.set('cache:stats', '{}');
      p.get(`meeting:details:${i}`);
      p.set(`feature_flag:f${i % 20}`, '1');
      p.del(`feature_flag:f${i % 20}`);
      p.get(`feature_flag:f${i % 20}`);
      await p.exec().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

test('misses view: asks first, shows misses per namespace with causes under a live workload, and puts the setting back', async ({ app: page, redis }) => {
  test.setTimeout(180_000);
  const client = testClient(redis.port, '127.0.0.1');
  const setting = async () => ((await client.config('GET', 'notify-keyspace-events')) as string[])[1];
  const load = startWorkload(client);
  try {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await page.getByTestId('kpi-hit-rate-why').click();
    await expect(page.getByTestId('view-tab-misses')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('misses-setting')).toContainText('watching adds what is missing');

    await page.getByTestId('misses-start').click();
    // Nothing changes before the user agrees.
    await expect(page.getByTestId('misses-consent')).toContainText('"" → "Emxeg$"');
    expect(await setting()).toBe('');
    await page.getByTestId('misses-consent-yes').click();
    await expect(page.getByTestId('misses-stop')).toBeVisible();
    expect([...(await setting())!].sort()).toEqual([...'Emxeg$'].sort());

    const cold = page.locator('[data-testid="misses-row"][data-prefix="meeting:details:"]');
    const invalidated = page.locator('[data-testid="misses-row"][data-prefix="feature_flag:"]');
    await expect.poll(async () => Number(await cold.getAttribute('data-misses')), { timeout: 30_000 }).toBeGreaterThan(5);
    await expect.poll(async () => Number(await invalidated.getByTestId('misses-row-afterDelete').textContent()), { timeout: 30_000 }).toBeGreaterThan(5);
    await expect(invalidated.getByTestId('misses-row-cold')).toHaveText('0');
    await expect(cold.getByTestId('misses-row-afterDelete')).toHaveText('0');
    await expect.poll(async () => Number(await page.getByTestId('misses-cause-afterDelete').getAttribute('data-count'))).toBeGreaterThan(0);
    await expect(page.getByTestId('misses-kpi-misses')).toBeVisible();
    await saveScreenshot(page, 'misses-view');

    // The traffic sample: 10 s of MONITOR, then per-namespace hit rates and the bookkeeping key.
    await page.getByTestId('sample-start').click();
    await expect(page.getByTestId('sample-stop')).toBeVisible();
    await expect(page.getByTestId('sample-result')).toBeVisible({ timeout: 40_000 });
    await expect(page.getByTestId('sample-bookkeeping')).toContainText('cache:stats');
    await expect(page.locator('[data-testid="sample-row"][data-prefix="meeting:details:"]')).toHaveAttribute('data-hit-rate', '0');
    await expect(page.locator('[data-testid="sample-row"][data-prefix="cache:"]')).toHaveAttribute('data-hit-rate', '1');

    await page.getByTestId('misses-stop').click();
    await expect(page.getByTestId('misses-restored')).toHaveText('notify-keyspace-events was put back.');
    expect(await setting()).toBe('');
  } finally {
    await load.stop();
    client.disconnect();
  }
});
