import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

const REST_URL = 'https://eu1-fine-cat-31234.upstash.io';

test.describe('what the environment says (issue 17)', () => {
  test.describe('only Upstash REST variables, no REDIS_URL (lms-phase4)', () => {
    test.use({ defaultRedis: 'rest-only', serveEnv: { UPSTASH_REDIS_REST_URL: REST_URL, UPSTASH_REDIS_REST_TOKEN: 'AX1234' } });

    test('the first screen says Cachescope speaks the Redis protocol and needs the rediss:// endpoint; nothing falls back to localhost', async ({ app: page }) => {
      const panel = page.getByTestId('state-unreachable');
      await expect(panel).toBeVisible();
      await expect(panel.locator('h2')).toContainText('The environment names no Redis-protocol address');
      const reason = page.getByTestId('unreachable-reason');
      await expect(reason).toContainText('that is an HTTP REST endpoint, and Cachescope speaks the Redis protocol');
      await expect(reason).toContainText('rediss://default:PASSWORD@eu1-fine-cat-31234.upstash.io:6379');
      await expect(reason).toContainText('does not fall back to localhost:6379');
      await expect(page.getByTestId('retry-connection')).toHaveCount(0);
      await expect(page.getByTestId('default-profile-hint')).toContainText('from UPSTASH_REDIS_REST_URL');
      await expect(page.getByTestId('connection-item-env-default').getByTestId('connection-item-origin')).toHaveText('from UPSTASH_REDIS_REST_URL');
      // Not the words for "no variable at all": a variable was set, just not a usable one.
      await expect(page.getByTestId('default-origin-note')).toHaveCount(0);
      await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'ready');
    });
  });

  test.describe('REDIS_KEY_PREFIX=skillup: (ioredis keyPrefix)', () => {
    test.use({ serveEnv: { REDIS_KEY_PREFIX: 'skillup:' } });

    test('the tree starts folded at skillup: and says how many keys lie outside it', async ({ app: page, redis }) => {
      const client = testClient(redis.port, '127.0.0.1');
      try {
        await client.mset('skillup:course:c1', '{}', 'skillup:course:c2', '{}', 'skillup:user:u1', '{}', 'skillup:session:u1', '{}', 'cache:stats', '{}', 'health', 'ok');
      } finally {
        client.disconnect();
      }
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('view-tab-keys').click();
      await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('crumbs')).toContainText('skillup:');
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', '4');
      const outside = page.getByTestId('summary-outside-fold');
      await expect(outside).toHaveAttribute('data-value', '2');
      await expect(outside).toContainText('2 keys outside the folded prefix, not in this tree');
      // One click shows the whole keyspace: the fold is cleared, the 6 keys are there.
      await page.getByTestId('summary-unfold').click();
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', '6');
      await expect(outside).toHaveCount(0);
    });
  });
});
