import { testClient } from '../helpers/redis-client';
import { seedLayouts } from '../fixtures/keyspace';
import { expect, test } from './fixtures';

/**
 * The Keys tab scans a small keyspace by itself and says so; a larger one (here: over a threshold
 * lowered through CACHESCOPE_AUTO_SCAN_MAX_KEYS, so no large seed is needed) offers the button with
 * its size; an ACL user without SCAN is told why nothing is scanned.
 */
const KEYS = 40;

async function seed(port: number): Promise<void> {
  const client = testClient(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    await seedLayouts(client, KEYS);
  } finally {
    client.disconnect();
  }
}

test.describe('keys: scanning by itself', () => {
  test('a small keyspace is scanned as the tab opens, and the scan bar says so', async ({ app: page, redis }) => {
    await seed(redis.port);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await page.getByTestId('view-tab-keys').click();
    const bar = page.getByTestId('scan-bar');
    await expect(bar).toHaveAttribute('data-state', 'done');
    await expect(bar).toHaveAttribute('data-auto', 'true');
    await expect(page.getByTestId('scan-headline')).toHaveText(`Scanned automatically: ${KEYS} keys`);
    await expect(page.locator('[data-testid="folder-row"]').first()).toBeVisible();
    // A rescan asked for by hand is not "automatic".
    await page.getByTestId('scan-start').click();
    await expect(bar).toHaveAttribute('data-auto', 'false');
    await expect(bar).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('scan-headline')).toHaveText('Scan complete');
  });

  test.describe('over the threshold', () => {
    test.use({ serveEnv: { CACHESCOPE_AUTO_SCAN_MAX_KEYS: String(KEYS - 1) } });
    test('a larger keyspace waits for the button, which names its size', async ({ app: page, redis }) => {
      await seed(redis.port);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('view-tab-keys').click();
      const button = page.getByTestId('scan-start-empty');
      await expect(button).toHaveText(`${KEYS} keys — Scan (takes about 1 s)`);
      await expect(page.getByTestId('keys-not-scanned')).toContainText(`up to ${KEYS - 1} keys are scanned as the tab opens`);
      // Nothing started by itself: the server ran no SCAN beyond the plan's one-key probe.
      const probe = testClient(redis.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
      await probe.connect();
      try {
        await page.waitForTimeout(1000);
        const stats = String(await probe.info('commandstats'));
        expect(/cmdstat_scan:calls=(\d+)/.exec(stats)?.[1]).toBe('1');
        await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'none');
        await button.click();
        await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'done');
        await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-auto', 'false');
      } finally {
        probe.disconnect();
      }
    });
  });

  test.describe('an ACL user without SCAN', () => {
    test.use({ redisArgs: ['--user', 'noscan', 'on', '>noscan-pw', '~*', '&*', '+@all', '-scan'], defaultCredentials: 'noscan:noscan-pw' });
    test('is not scanned by itself, and the pane says why', async ({ app: page, redis }) => {
      await seed(redis.port);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('view-tab-keys').click();
      await expect(page.getByTestId('keys-scan-blocked')).toContainText('cannot scan its keys');
      await expect(page.getByTestId('keys-scan-blocked')).toContainText(/scan/i);
      await expect(page.getByTestId('scan-not-allowed')).toBeVisible();
      await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'none');
    });
  });
});
