import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

// Issue 15: adding a connection made the environment's default vanish from the sidebar and stop polling.
test('the environment default stays listed and polling beside an added connection; dismissed, it is gone until listed again', async ({ app: page, redis }) => {
  const client = testClient(redis.port, redis.host);
  try {
    const defaultItem = page.getByTestId('connection-item-env-default');
    await expect(defaultItem).toContainText('Connected');
    await expect(defaultItem.getByTestId('connection-item-origin')).toHaveText('from REDIS_URL');
    // The only connection cannot be dismissed: nothing would be left to watch.
    await expect(page.getByTestId('dismiss-default')).toHaveCount(0);

    // Add a connection (db 1 of the same server): both are listed, the default still says where it came from.
    await page.getByTestId('add-connection').click();
    await expect(page.getByTestId('hidden-default')).toHaveCount(0);
    await page.getByTestId('form-url').fill(`${redis.url}/1`);
    await page.getByTestId('form-name').fill('Sessions');
    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Sessions');
    const items = page.getByTestId('connection-list').locator('button.conn-item');
    await expect(items).toHaveCount(2);
    await expect(defaultItem).toContainText('Connected');
    await expect(defaultItem.getByTestId('connection-item-origin')).toHaveText('from REDIS_URL');

    // Still polling: a key written now reaches the default's Keys tile (db 0).
    await defaultItem.click();
    await expect(page.locator('.conn-header h1')).toHaveText('REDIS_URL');
    await client.set('written-after-the-save', 'v');
    await expect(page.getByTestId('kpi-keys')).toHaveAttribute('data-value', '1');

    // Dismissed: gone from the list, also after a reload; the page moves to the remaining connection.
    await page.getByTestId('dismiss-default').click();
    await expect(defaultItem).toHaveCount(0);
    await expect(items).toHaveCount(1);
    await expect(page.locator('.conn-header h1')).toHaveText('Sessions');
    await page.reload();
    await expect(page.locator('.conn-header h1')).toHaveText('Sessions');
    await expect(defaultItem).toHaveCount(0);

    // "Add connection" says it is hidden and lists it again, opened.
    await page.getByTestId('add-connection').click();
    await expect(page.getByTestId('hidden-default')).toContainText('from REDIS_URL');
    await page.getByTestId('show-default').click();
    await expect(page.getByTestId('connection-dialog')).toHaveCount(0);
    await expect(page.locator('.conn-header h1')).toHaveText('REDIS_URL');
    await expect(defaultItem).toContainText('Connected');
    await expect(items).toHaveCount(2);
  } finally {
    client.disconnect();
  }
});
