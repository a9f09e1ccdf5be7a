import WebSocket from 'ws';
import type { Envelope } from '../../shared/envelope';
import { expect, test, type ServeProcess } from './fixtures';

/** One contract command over serve mode's WebSocket, as the page would send it (token + exact Origin). */
async function invoke<T>(serve: ServeProcess, command: string, args: unknown): Promise<Envelope<T>> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
  try {
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    return await new Promise<Envelope<T>>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number; reply?: Envelope<T> };
        if (frame.type === 'reply' && frame.id === 1) resolve(frame.reply!);
      });
      ws.send(JSON.stringify({ type: 'invoke', id: 1, command, args }));
    });
  } finally {
    ws.close();
  }
}

test.describe('connection protection', () => {
  test('turning read-only off asks for the connection name, then the audit view shows it', async ({ app: page, redis, serve }) => {
    const saved = await invoke<{ id: string }>(serve, 'profiles.save', { name: 'orders-prod', host: '127.0.0.1', port: redis.port, readOnly: true, env: 'prod' });
    expect(saved.ok).toBe(true);
    const id = saved.ok ? saved.value.id : '';
    await page.getByTestId(`connection-item-${id}`).click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');

    await page.getByTestId('edit-profile').click();
    await page.getByTestId('form-read-only').uncheck();
    await page.getByTestId('form-save').click();
    const confirm = page.getByTestId('form-confirm-protection');
    await expect(confirm).toContainText('“orders-prod”');
    await expect(confirm).toContainText('read-only turned off');
    const go = page.getByTestId('form-confirm-protection-save');
    await expect(go).toBeDisabled();
    await page.getByTestId('form-confirm-protection-input').fill('orders');
    await expect(go).toBeDisabled();
    await page.getByTestId('form-confirm-protection-input').fill('orders-prod');
    await go.click();
    await expect(page.getByTestId('connection-dialog')).toHaveCount(0);

    const listed = await invoke<{ id: string; readOnly: boolean }[]>(serve, 'profiles.list', {});
    expect(listed.ok && listed.value.find((p) => p.id === id)?.readOnly).toBe(false);

    await page.getByTestId('view-tab-audit').click();
    const row = page.locator('[data-testid="audit-row"][data-action="profile-protection"][data-outcome="ok"]');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('audit-target')).toHaveText(/read-only turned off/);
  });
});
