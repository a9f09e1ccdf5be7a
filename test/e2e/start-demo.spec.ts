import { expect, test } from './fixtures';

test.describe('no Redis at the default address', () => {
  test.use({ defaultRedis: 'closed-port' });

  test('"Start demo" starts a private Redis with live cache-aside traffic and shows it', async ({ app: page }) => {
    await expect(page.getByTestId('state-unreachable')).toBeVisible();
    await page.getByTestId('start-demo').click();
    // The demo connection replaces the unreachable default in the sidebar and goes live.
    await expect(page.getByText('Demo (vtp)').first()).toBeVisible();
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    const hitRate = page.getByTestId('kpi-hit-rate');
    await expect(hitRate).toContainText('%');
    const keys = page.getByTestId('kpi-keys');
    await expect(keys).not.toContainText(/^\s*Keys\s*0\b/);
    await expect(page.getByTestId('state-unreachable')).toHaveCount(0);
  });
});
