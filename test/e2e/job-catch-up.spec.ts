import type { WebSocketRoute } from '@playwright/test';
import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

/**
 * The jobs store learns a job's end from the `job.progress` stream, and from `actions.job` for
 * every job still running when the bridge reopens: a stream item sent while the page was not
 * listening is lost, and a card left at "Running" forever would hide the result and its Undo.
 */
test('a delete that ended while its progress was not reaching the page shows its result after the bridge reopens', async ({ app: page, redis }) => {
  const client = testClient(redis.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  // Between the page and serve: job.progress items are dropped while `dropJobs` is set.
  let dropJobs = false;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    sockets.push(ws);
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (dropJobs && typeof m === 'string' && m.includes('"job.progress"')) return;
      ws.send(m);
    });
  });
  try {
    for (let i = 0; i < 30; i++) await client.set(`slow:${i}`, 'x');
    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    expect(sockets.length).toBeGreaterThan(0);
    await page.getByTestId('view-tab-actions').click();
    await page.getByTestId('target-kind-prefix').check();
    await page.getByTestId('target-prefix').fill('slow:');
    await page.getByTestId('preview-button').click();
    await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '30');
    await page.getByTestId('throttle-input').fill('10'); // about 3 s of work
    await page.getByTestId('preview-confirm').click();
    dropJobs = true;
    await page.getByTestId('confirm-execute').click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'running');

    // The core finishes; the page never hears of it.
    await expect.poll(() => client.dbsize(), { timeout: 30_000 }).toBe(0);
    await page.waitForTimeout(500);
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'running');

    // The bridge drops and reopens (the stream still drops job items): the store asks the core.
    const before = sockets.length;
    await sockets[sockets.length - 1]!.close();
    await expect.poll(() => sockets.length).toBeGreaterThan(before);
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('job-deleted')).toHaveAttribute('data-value', '30');
    await expect(page.getByTestId('undo-button')).toBeVisible();
  } finally {
    await client.quit();
  }
});
