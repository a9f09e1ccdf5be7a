import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

// Issue 17: under allkeys-lru memory at maxmemory and steady evictions are the design.
test('the alert rules follow the eviction policy as the server reports it, and say why', async ({ app: page, redis }) => {
  const client = testClient(redis.port, '127.0.0.1');
  try {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await page.getByTestId('view-tab-alerts').click();
    // The test server starts with noeviction: the plain rules.
    await expect(page.getByTestId('rule-memory-muted')).not.toBeChecked();
    await expect(page.getByTestId('rule-evictionSpike-muted')).toBeChecked();
    await expect(page.getByTestId('rule-evictionSpike-note')).toContainText('Off by default under noeviction');

    // Made an LRU cache while the page is open: the defaults change with it, each saying why.
    await client.config('SET', 'maxmemory', '8mb');
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await expect(page.getByTestId('rule-memory-muted')).toBeChecked();
    await expect(page.getByTestId('rule-memory-note')).toContainText('Off by default under allkeys-lru: memory at maxmemory is the design');
    await expect(page.getByTestId('rule-evictions-muted')).toBeChecked();
    await expect(page.getByTestId('rule-evictionSpike-muted')).not.toBeChecked();
    await expect(page.getByTestId('rule-evictionSpike')).toContainText('Eviction rate jump');

    // A rule the user changes is theirs: kept when the policy changes back.
    await page.getByTestId('rule-memory-muted').uncheck();
    await page.getByTestId('rules-save').click();
    await expect(page.getByTestId('rules-saved')).toBeVisible();
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await expect(page.getByTestId('rule-evictionSpike-muted')).toBeChecked();
    await expect(page.getByTestId('rule-memory-muted')).not.toBeChecked();
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await expect(page.getByTestId('rule-evictions-muted')).toBeChecked();
    await expect(page.getByTestId('rule-memory-muted')).not.toBeChecked();
  } finally {
    client.disconnect();
  }
});
