import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

/**
 * test-results/screenshots/NAME.png; with UPDATE_SCREENSHOTS=1 also docs/screenshot-NAME.png (the
 * README's). They are not compared with a baseline: live charts, clocks and rates differ from run to
 * run, so a pixel diff would only flake. They are for the README and for a person reading a
 * failure; what the screen must show is asserted on the DOM.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover card left over from an earlier step
  const shot = path.join(root, 'test-results', 'screenshots', `${name}.png`);
  mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'docs', `screenshot-${name}.png`) });
  }
}
