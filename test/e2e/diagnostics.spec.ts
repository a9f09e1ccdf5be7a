import type { Page } from '@playwright/test';
import { testClient, type TestClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

/**
 * Issue 18 in Chromium: the Diagnostics view against a real redis-server — a slow command with
 * its client and "new since your last look", KEYS flagged in the command mix, clients grouped
 * with Cachescope's own marked and one killed through the confirmation, the latency monitor's
 * "how to turn it on"; and, on a server that renamed SLOWLOG and CLIENT away, a sentence for
 * those panels while the command mix still works.
 */

async function openDiagnostics(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('view-tab-diagnostics').click();
  await expect(page.getByTestId('diagnostics-view')).toBeVisible();
}

function named(port: number, name: string): TestClient {
  return testClient(port, '127.0.0.1', { connectionName: name, retryStrategy: () => null, maxRetriesPerRequest: 0 });
}

test.describe('diagnostics', () => {
  test.use({ redisArgs: ['--enable-debug-command', 'local', '--slowlog-log-slower-than', '10000'] });

  test('shows a slow command with its client, flags KEYS, marks its own clients and kills one when confirmed', async ({ app: page, redis }) => {
    const orders = named(redis.port, 'orders-api');
    const victim = named(redis.port, 'leaky-worker');
    try {
      await orders.call('DEBUG', 'SLEEP', '0.03');
      await orders.call('KEYS', 'session:*');
      await victim.ping();
      const victimGone = new Promise<void>((resolve) => victim.once('end', () => resolve()));
      await openDiagnostics(page);

      const slow = page.getByTestId('slowlog-row').filter({ hasText: 'DEBUG SLEEP 0.03' });
      await expect(slow).toContainText('orders-api');
      await expect(slow).toContainText('new');
      await expect(page.getByTestId('slowlog-new')).toHaveText(/^\d+ new since your last look$/);
      await expect(page.getByTestId('latency-hint')).toBeVisible();
      await saveScreenshot(page, 'diagnostics');
      await page.getByTestId('slowlog-mark-seen').click();
      await expect(page.getByTestId('slowlog-new')).toHaveText('nothing new since your last look');

      await expect(page.locator('[data-testid="mix-row"][data-command="keys"]').getByTestId('mix-flag')).toContainText('use SCAN');

      const own = page.getByTestId('clients-group').filter({ hasText: 'Cachescope' });
      await expect(own.first()).toBeVisible();
      await expect(own.first().getByTestId('clients-kill')).toHaveCount(0);
      const leaky = page.locator('[data-testid="clients-group"][data-name="leaky-worker"]');
      await leaky.getByTestId('clients-kill').click();
      const dialog = page.getByTestId('clients-kill-dialog');
      await expect(dialog).toContainText('leaky-worker');
      await dialog.getByTestId('confirm-execute').click();
      await expect(dialog).toHaveCount(0);
      await victimGone;
      await expect(leaky).toHaveCount(0);

      await expect(page.getByTestId('latency-hint')).toContainText('latency monitor is off');
    } finally {
      orders.disconnect();
      victim.disconnect();
    }
  });
});

test.describe('diagnostics where SLOWLOG and CLIENT are renamed away', () => {
  test.use({ redisArgs: ['--rename-command', 'SLOWLOG', '', '--rename-command', 'CLIENT', ''] });

  test('says so for those panels, and the command mix still works', async ({ app: page }) => {
    await openDiagnostics(page);
    await expect(page.getByTestId('slowlog-refused')).toContainText('SLOWLOG is disabled on this server');
    await expect(page.getByTestId('clients-refused')).toContainText('CLIENT is disabled on this server');
    await expect(page.getByTestId('mix-table')).toBeVisible();
    await expect(page.locator('[data-testid="mix-row"][data-command="info"]')).toBeVisible();
  });
});
