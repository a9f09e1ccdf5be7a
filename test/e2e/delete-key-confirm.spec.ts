import type { Page } from '@playwright/test';
import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

/**
 * "Delete this key" is the same confirmed action as an invalidation: the shared dialog, in the
 * connection's colour, asks a prod connection for its name; Esc backs out; the end of the
 * delete comes from the jobs store like every job's.
 */

async function openProdKeys(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('duplicate-profile').click();
  await page.getByTestId('form-name').fill(name);
  await page.getByTestId('form-env-prod').check();
  await page.getByTestId('form-save').click();
  await expect(page.locator('.conn-header h1')).toHaveText(name);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('view-tab-keys').click();
  // Two keys: the Keys tab scans by itself.
  await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-auto', 'true');
}

test('deleting a key on prod goes through the shared confirmation: the name must be typed, Esc backs out', async ({ app: page, redis }) => {
  const client = testClient(redis.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    await client.set('session:42', 'alive');
    await client.set('session:43', 'stays');
    await openProdKeys(page, 'Prod sessions');
    await page.getByTestId('goto-input').fill('session:42');
    await page.getByTestId('goto-submit').click();
    await expect(page.getByTestId('value-text')).toHaveText('alive');

    await page.getByTestId('delete-key').click();
    const dialog = page.getByTestId('delete-confirm');
    await expect(dialog).toHaveAttribute('data-env', 'prod');
    await expect(dialog).toHaveAttribute('data-kind', 'type');
    await expect(page.getByTestId('delete-confirm-name')).toHaveText('session:42');
    await expect(page.getByTestId('confirm-expected')).toHaveText('Prod sessions');
    await expect(page.getByTestId('confirm-phrase')).toBeFocused();
    await expect(page.getByTestId('confirm-execute')).toBeDisabled();
    await page.getByTestId('confirm-phrase').fill('prod sessions');
    await expect(page.getByTestId('confirm-execute')).toBeDisabled();
    // Esc: nothing deleted, the dialog gone, the button ready again.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('delete-key')).toBeEnabled();
    expect(await client.get('session:42')).toBe('alive');

    await page.getByTestId('delete-key').click();
    await page.getByTestId('confirm-phrase').fill('Prod sessions');
    await page.getByTestId('confirm-phrase').press('Enter');
    await expect(page.getByTestId('detail-notice')).toContainText('Deleted. Undo file:');
    expect(await client.exists('session:42')).toBe(0);
    expect(await client.get('session:43')).toBe('stays');
  } finally {
    await client.quit();
  }
});
