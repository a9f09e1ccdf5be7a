import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testClient } from '../helpers/redis-client';
import { expect, test } from './fixtures';

/**
 * An undo file of this connection whose header names another db (the profile was edited since,
 * or the file was copied in): Restore asks first, naming both, and writes nothing until confirmed.
 */
test('restoring an undo file into another db than it came from asks first, naming both', async ({ app: page, redis, serve }) => {
  const client = testClient(redis.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  try {
    await client.set('moved:1', 'kept value');
    const dump = (await client.dumpBuffer('moved:1'))!;
    await client.del('moved:1');
    const header = { format: 'cachescope-undo', version: 1, createdAt: Date.now(), connectionId: 'env-default', connectionName: 'REDIS_URL', server: `127.0.0.1:${redis.port}`, db: 3, description: 'prefix "moved:"' };
    const entry = { k: Buffer.from('moved:1').toString('base64'), t: -1, d: dump.toString('base64'), at: Date.now() };
    mkdirSync(path.join(serve.dataDir, 'undo'), { recursive: true });
    writeFileSync(path.join(serve.dataDir, 'undo', '2026-01-01T00-00-00-000Z-e2e00000.undo.ndjson'), `${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`, { mode: 0o600 });

    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await page.getByTestId('view-tab-actions').click();
    await page.getByTestId('actions-mode-undo').check();
    const row = page.getByTestId('undo-file');
    await expect(row).toHaveCount(1);

    await row.getByTestId('undo-file-restore-button').click();
    const ask = row.getByTestId('undo-file-restore-elsewhere');
    await expect(ask).toContainText(`This file holds keys of db 3 on 127.0.0.1:${redis.port}, but the target is db 0 on 127.0.0.1:${redis.port}.`);
    await row.getByTestId('undo-file-restore-elsewhere-cancel').click();
    await expect(ask).toHaveCount(0);
    expect(await client.exists('moved:1')).toBe(0);

    await row.getByTestId('undo-file-restore-button').click();
    await row.getByTestId('undo-file-restore-elsewhere-confirm').click();
    await expect(row.getByTestId('undo-file-restore-progress')).toHaveAttribute('data-state', 'done');
    await expect(row.getByTestId('undo-file-restore-written')).toHaveAttribute('data-value', '1');
    expect(await client.get('moved:1')).toBe('kept value');
  } finally {
    client.disconnect();
  }
});

/** Warming from a backup of another db is a restore there: the Write button asks first, naming both. */
test('warming from a backup of another db asks first, naming both', async ({ app: page, redis }) => {
  const client = testClient(redis.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  try {
    await client.set('warmed:1', 'from db 3');
    const dump = (await client.dumpBuffer('warmed:1'))!;
    await client.del('warmed:1');
    const header = { format: 'cachescope-undo', version: 1, createdAt: Date.now(), connectionId: 'elsewhere', connectionName: 'other', server: `127.0.0.1:${redis.port}`, db: 3, description: 'prefix "warmed:"' };
    const entry = { k: Buffer.from('warmed:1').toString('base64'), t: -1, d: dump.toString('base64'), at: Date.now() };

    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await page.getByTestId('view-tab-actions').click();
    await page.getByTestId('actions-mode-warm').check();
    await page.getByTestId('warm-file-input').setInputFiles({ name: 'backup.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`) });
    await expect(page.getByTestId('warm-file-preview')).toHaveAttribute('data-format', 'undo');

    await page.getByTestId('warm-file-write').click();
    const ask = page.getByTestId('warm-file-elsewhere');
    await expect(ask).toContainText(`This file holds keys of db 3 on 127.0.0.1:${redis.port}, but the target is db 0 on 127.0.0.1:${redis.port}.`);
    await page.getByTestId('warm-file-elsewhere-cancel').click();
    await expect(ask).toHaveCount(0);
    expect(await client.exists('warmed:1')).toBe(0);

    await page.getByTestId('warm-file-write').click();
    await page.getByTestId('warm-file-elsewhere-confirm').click();
    await expect(page.getByTestId('warm-progress')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('warm-written')).toHaveAttribute('data-value', '1');
    expect(await client.get('warmed:1')).toBe('from db 3');
  } finally {
    client.disconnect();
  }
});
