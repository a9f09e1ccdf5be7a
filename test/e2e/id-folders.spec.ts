import type { Locator, Page } from '@playwright/test';
import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

/**
 * Issue 17 in Chromium, on a hypersdk-like keyspace: the ‹id› folder shows `profile` and
 * `settings` across ids as rows of their own (count, TTL health), a row opens on its keys, and
 * "Invalidate…" hands its exact glob to the Actions view, whose preview counts exactly those keys.
 */
const IDS = 300;
const NO_TTL = 12;
const folder = (page: Page, name: string): Locator => page.locator(`[data-testid="folder-row"][data-name="${name}"]`);

test('id folder: profile and settings apart, each opens, and Invalidate… previews its exact glob', async ({ app: page, redis }) => {
  const client = testClient({ host: '127.0.0.1', port: redis.port });
  try {
    const p = client.pipeline();
    for (let i = 0; i < IDS; i++) {
      p.set(`user:${i}`, '{}', 'EX', 3600);
      p.set(`user:${i}:profile`, '{"name":"x"}', 'EX', 3600);
      if (i < NO_TTL) p.set(`user:${i}:settings`, '{"theme":"dark","locale":"en"}');
      else p.set(`user:${i}:settings`, '{"theme":"dark","locale":"en"}', 'EX', 86_400);
    }
    await p.exec();
  } finally {
    client.disconnect();
  }

  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('view-tab-keys').click();
  await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'done');
  await folder(page, 'user').click();
  await folder(page, '*').click();
  await expect(page.getByTestId('crumb')).toHaveText(['user', '‹id›']);

  const profile = folder(page, 'profile');
  const settings = folder(page, 'settings');
  await expect(profile.getByTestId('leaf-group')).toContainText(`× ${IDS}`);
  await expect(settings.getByTestId('leaf-group')).toContainText(`× ${IDS}`);
  await expect(profile.getByTestId('ttl-health')).toHaveAttribute('data-health', 'ok');
  await expect(settings.getByTestId('ttl-health')).toHaveAttribute('data-health', 'partial');
  await expect(settings.getByTestId('ttl-health')).toContainText(`${NO_TTL} no TTL`);

  await settings.click();
  await expect(page.getByTestId('crumb')).toHaveText(['user', '‹id›', 'settings']);
  await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(IDS));

  await page.getByTestId('crumb-invalidate').click();
  await expect(page.getByTestId('actions-view')).toBeVisible();
  await expect(page.getByTestId('target-pattern')).toHaveValue('user:*:settings');
  await page.getByTestId('preview-button').click();
  await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', String(IDS));
});
