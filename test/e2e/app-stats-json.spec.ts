import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

const DAY_SEC = 86_400;

// Issue 17: gomeet keeps its own counters as a JSON string with a 24 h TTL, not a hash.
test("app-side stats read gomeet's JSON-string cache:stats with the form's defaults, and say when it expired and came back", async ({ app: page, redis }) => {
  const client = testClient(redis.port, '127.0.0.1');
  const write = (stats: Record<string, number>) => client.set('cache:stats', JSON.stringify({ ...stats, last_updated: new Date().toISOString() }), 'EX', DAY_SEC);
  try {
    await write({ hits: 5933, misses: 983, sets: 983, deletes: 12, errors: 0 });
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    const panel = page.getByTestId('app-stats-panel');
    await expect(panel.getByTestId('app-stats-kind-json')).toBeChecked(); // the default: a JSON string named cache:stats
    await expect(panel.getByTestId('app-stats-key')).toHaveValue('cache:stats');
    await panel.getByTestId('app-stats-save').click();
    const hits = panel.getByTestId('app-stat-hits').locator('td').first();
    await expect(hits).toHaveText(/^5\.93\s?k$/i);
    await expect(panel).toContainText('from JSON string cache:stats');
    await expect(panel.getByTestId('app-stats-self-reads')).toContainText('an app that reads cache:stats on every cache lookup');

    // The TTL runs out: the panel says so in words, not as a broken read.
    await client.pexpire('cache:stats', 1);
    await expect(panel.getByTestId('app-stats-sample-error')).toContainText('cache:stats does not exist (expired, deleted, or not written yet by the app)');
    // The app writes it again from zero: a reset, said as such.
    await write({ hits: 3, misses: 1, sets: 1, deletes: 0, errors: 0 });
    await expect(hits).toHaveText('3');
    await expect(panel.getByTestId('app-stats-sample-error')).toHaveCount(0);
  } finally {
    client.disconnect();
  }
});
