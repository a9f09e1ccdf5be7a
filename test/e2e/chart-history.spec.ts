import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Main owns the metrics history; the renderer holds only the shown connection's window of it.
 * Coming back to a connection must still draw what happened while another one was shown: the
 * charts refill from main's history, not from the live stream alone.
 */

async function nextSample(page: Page): Promise<void> {
  const before = await page.getByTestId('kpi-ops-detail').textContent();
  await expect.poll(() => page.getByTestId('kpi-ops-detail').textContent(), { message: 'a new sample arrives' }).not.toBe(before);
}

/** Save a copy of the shown connection under `name`; it becomes the shown one. */
async function duplicateAs(page: Page, name: string): Promise<void> {
  await page.getByTestId('duplicate-profile').click();
  await page.getByTestId('form-name').fill(name);
  await page.getByTestId('form-save').click();
  await expect(page.locator('.conn-header h1')).toHaveText(name);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
}

/** The times of the ops chart's points, from its CSV export (the visible window's data). */
async function opsTimes(page: Page): Promise<number[]> {
  await page.getByTestId('chart-ops').scrollIntoViewIfNeeded();
  const download = page.waitForEvent('download');
  await page.getByTestId('chart-ops-csv').click();
  const text = readFileSync((await (await download).path())!, 'utf8');
  return text
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => Date.parse(line.split(',')[0]!));
}

test('a connection shown again draws the samples taken while another was shown (from main’s history)', async ({ app: page }) => {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await duplicateAs(page, 'History A');
  await nextSample(page);
  await nextSample(page);
  const firstSeen = Math.min(...(await opsTimes(page)));

  await duplicateAs(page, 'History B');
  await nextSample(page);
  await nextSample(page);
  const away = Date.now();
  await nextSample(page);
  await nextSample(page);

  await page.getByTestId('connection-list').locator('button.conn-item', { hasText: 'History A' }).click();
  await expect(page.locator('.conn-header h1')).toHaveText('History A');
  await nextSample(page);
  const times = await opsTimes(page);
  // The earliest point predates the switch away, and the time away is drawn too (A kept polling in main).
  expect(Math.min(...times)).toBeLessThanOrEqual(firstSeen);
  expect(times.filter((t) => t >= away - 1000 && t < away + 2000).length).toBeGreaterThan(0);
});
