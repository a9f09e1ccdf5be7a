import { writeFileSync } from 'node:fs';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { MAX_WARM_UPLOAD_BYTES } from '../../shared/contract/limits';


/** The brief's keys: the literal-prefix trap `report:[2024]:` (a glob would also match `report:2:a`), gomeet's `meeting:*:42`, lms's `dashboard:*`. */
const REPORT_TTL_MS = 600_000;
async function seed(client: Redis): Promise<void> {
  await client.set('meeting:1:42', 'a', 'PX', 900_000);
  await client.set('meeting:2:42', 'b', 'PX', 900_000);
  await client.set('meeting:3:7', 'c', 'PX', 900_000);
  await client.set('report:[2024]:a', JSON.stringify({ total: 2024 }), 'PX', REPORT_TTL_MS);
  await client.set('report:2:a', 'other', 'PX', REPORT_TTL_MS);
  await client.set('dashboard:student:1', '{"courses":3}', 'PX', 300_000);
  await client.set('dashboard:teacher:2', '{"classes":2}', 'PX', 300_000);
  await client.set('dashboard:admin', '{"users":40}', 'PX', 300_000);
}

async function connect(port: number): Promise<Redis> {
  const client = testClient(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}


async function openActions(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('view-tab-actions').click();
  await expect(page.getByTestId('actions-view')).toBeVisible();
}

/** Preview a target and wait for the card. */
async function previewPrefix(page: Page, prefix: string): Promise<void> {
  await page.getByTestId('target-kind-prefix').check();
  await page.getByTestId('target-prefix').fill(prefix);
  await page.getByTestId('preview-button').click();
  await expect(page.getByTestId('preview-card')).toBeVisible();
}

async function previewPattern(page: Page, pattern: string): Promise<void> {
  await page.getByTestId('target-kind-pattern').check();
  await page.getByTestId('target-pattern').fill(pattern);
  await page.getByTestId('preview-button').click();
  await expect(page.getByTestId('preview-card')).toBeVisible();
}

/** Duplicate the default connection as a saved one (prod, read-only…) and wait until it is live. */
async function duplicateConnection(page: Page, name: string, options: { env?: 'dev' | 'staging' | 'prod'; readOnly?: boolean }): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('duplicate-profile').click();
  await page.getByTestId('form-name').fill(name);
  if (options.env) await page.getByTestId(`form-env-${options.env}`).check();
  if (options.readOnly) await page.getByTestId('form-read-only').check();
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('connection-dialog')).toHaveCount(0);
  await expect(page.locator('.conn-header h1')).toHaveText(name);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
}

test.describe('cache controls', () => {
  test('namespace: preview → confirm → progress → undo restores the key with its TTL; a pattern deletes exactly its keys; the audit lists it all', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await seed(client);
      await openActions(page);

      // A namespace is literal: `[2024]` is not a glob set, so only the one key matches.
      await previewPrefix(page, 'report:[2024]:');
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '1');
      await expect(page.getByTestId('preview-matched-kind')).toHaveText('exact');
      await expect(page.getByTestId('preview-sample-item')).toHaveText(['report:[2024]:a']);
      await expect(page.getByTestId('preview-undo')).toHaveAttribute('data-available', 'true');
      expect(Number(await page.getByTestId('preview-bytes').getAttribute('data-value'))).toBeGreaterThan(0);
      // Nothing is deleted by a preview.
      expect(await client.exists('report:[2024]:a')).toBe(1);

      // Confirm on dev: one click; the dialog wears the env colour; Esc backs out without deleting.
      await page.getByTestId('preview-confirm').click();
      const dialog = page.getByTestId('confirm-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAttribute('data-env', 'dev');
      await expect(dialog).toHaveAttribute('data-kind', 'click');
      await expect(page.getByTestId('confirm-phrase')).toHaveCount(0);
      await expect(page.getByTestId('confirm-cancel')).toBeFocused();
      // Focus stays inside the dialog: Tab from the last button wraps to the first.
      await page.keyboard.press('Tab');
      await expect(page.getByTestId('confirm-execute')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByTestId('confirm-cancel')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('preview-card')).toBeVisible();
      expect(await client.exists('report:[2024]:a')).toBe(1);

      await page.getByTestId('preview-confirm').click();
      await page.getByTestId('confirm-execute').click();
      await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('job-deleted')).toHaveAttribute('data-value', '1');
      await expect(page.getByTestId('job-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
      expect(await client.exists('report:[2024]:a')).toBe(0);
      expect(await client.exists('report:2:a')).toBe(1);
      expect(await client.dbsize()).toBe(7);
      // The result (and its Undo) is still there after looking at another tab.
      await page.getByTestId('view-tab-overview').click();
      await page.getByTestId('view-tab-actions').click();
      await expect(page.getByTestId('run-result')).toHaveAttribute('data-state', 'done');

      // Undo: the key comes back with its value and (the rest of) its TTL.
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('undo-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('undo-written')).toHaveAttribute('data-value', '1');
      await expect(page.getByTestId('undo-skipped')).toHaveAttribute('data-value', '0');
      expect(await client.get('report:[2024]:a')).toBe(JSON.stringify({ total: 2024 }));
      const pttl = await client.pttl('report:[2024]:a');
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(REPORT_TTL_MS);

      // Undo again while the key exists: it is reported as recreated and left alone.
      await client.set('report:[2024]:a', 'refilled by the app');
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('undo-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('undo-skipped')).toHaveAttribute('data-value', '1');
      await expect(page.getByTestId('undo-skipped-keys-item')).toHaveText(['report:[2024]:a']);
      expect(await client.get('report:[2024]:a')).toBe('refilled by the app');
      // …unless overwrite is ticked.
      await page.getByTestId('undo-replace').check();
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('undo-written')).toHaveAttribute('data-value', '1');
      expect(await client.get('report:[2024]:a')).toBe(JSON.stringify({ total: 2024 }));

      // A glob: everything of meeting 42, exactly two keys.
      await page.getByTestId('invalidate-again').click();
      await previewPattern(page, 'meeting:*:42');
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '2');
      await expect(page.getByTestId('preview-sample-item')).toHaveCount(2);
      await page.getByTestId('preview-confirm').click();
      await page.getByTestId('confirm-execute').click();
      await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('job-deleted')).toHaveAttribute('data-value', '2');
      expect(await client.exists('meeting:1:42', 'meeting:2:42')).toBe(0);
      expect(await client.exists('meeting:3:7')).toBe(1);

      // A type filter that matches nothing: the preview says so and offers no delete.
      await page.getByTestId('invalidate-again').click();
      await page.getByTestId('target-type').selectOption('hash');
      await previewPrefix(page, 'dashboard:');
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '0');
      await expect(page.getByTestId('preview-none')).toBeVisible();
      await expect(page.getByTestId('preview-confirm')).toBeDisabled();
      await page.getByTestId('target-type').selectOption('');

      // The screenshot: a preview card of the lms dashboard namespace.
      await previewPrefix(page, 'dashboard:');
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '3');
      await saveScreenshot(page, 'actions');

      // The audit view lists the actions: 2 invalidations and 3 undos, newest first.
      await page.getByTestId('view-tab-audit').click();
      const rows = page.getByTestId('audit-row');
      await expect(rows).toHaveCount(5);
      await expect(page.getByTestId('audit-action')).toHaveText(['invalidate', 'undo', 'undo', 'undo', 'invalidate']);
      await expect(rows.first().getByTestId('audit-target')).toContainText('meeting:*:42');
      await expect(rows.first().getByTestId('audit-result-count')).toHaveText('2');
      await expect(rows.last().getByTestId('audit-target')).toContainText('report:[2024]:');
      await expect(rows.last().getByTestId('audit-preview-count')).toHaveText('1');
      // Filters: by action, then by text.
      await page.getByTestId('audit-filter-action').selectOption('invalidate');
      await expect(page.getByTestId('audit-action')).toHaveText(['invalidate', 'invalidate']);
      await page.getByTestId('audit-filter-text').fill('meeting');
      await expect(rows).toHaveCount(1);
      await page.getByTestId('audit-filter-text').fill('');
      await page.getByTestId('audit-filter-action').selectOption('');
      await expect(rows).toHaveCount(5);

      // Export: a real download, one CSV line per entry plus the header.
      const download = page.waitForEvent('download');
      await page.getByTestId('audit-export-csv').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^cachescope-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await new Promise<string>((resolve, reject) => {
        void file.createReadStream().then((stream) => {
          let text = '';
          stream.setEncoding('utf8').on('data', (d: string) => (text += d));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        });
      });
      expect(csv.trim().split('\r\n')).toHaveLength(6);
      expect(csv).toContain('meeting:*:42');
      const jsonl = page.waitForEvent('download');
      await page.getByTestId('audit-export-jsonl').click();
      expect((await jsonl).suggestedFilename()).toMatch(/\.jsonl$/);
    } finally {
      await client.quit();
    }
  });

  test('a prod connection asks for its name to be typed; the button and Enter stay disabled until it matches', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await seed(client);
      await duplicateConnection(page, 'Prod cache', { env: 'prod' });
      await openActions(page);
      await previewPattern(page, 'dashboard:*');
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '3');
      await page.getByTestId('preview-confirm').click();

      const dialog = page.getByTestId('confirm-dialog');
      await expect(dialog).toHaveAttribute('data-env', 'prod');
      await expect(page.getByTestId('confirm-env')).toHaveText('prod');
      await expect(page.getByTestId('confirm-env')).toHaveCSS('color', 'rgb(248, 81, 73)'); // the prod colour
      await expect(page.getByTestId('confirm-expected')).toHaveText('Prod cache');
      const phrase = page.getByTestId('confirm-phrase');
      await expect(phrase).toBeFocused();
      await expect(page.getByTestId('confirm-execute')).toBeDisabled();

      // Almost the name: still disabled, and Enter does nothing.
      await phrase.fill('prod cache');
      await expect(page.getByTestId('confirm-execute')).toBeDisabled();
      await phrase.press('Enter');
      await expect(dialog).toBeVisible();
      expect(await client.exists('dashboard:student:1', 'dashboard:teacher:2', 'dashboard:admin')).toBe(3);

      // The exact name: Enter confirms.
      await phrase.fill('Prod cache');
      await expect(page.getByTestId('confirm-execute')).toBeEnabled();
      await phrase.press('Enter');
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('job-deleted')).toHaveAttribute('data-value', '3');
      expect(await client.exists('dashboard:student:1', 'dashboard:teacher:2', 'dashboard:admin')).toBe(0);
      expect(await client.dbsize()).toBe(5);
    } finally {
      await client.quit();
    }
  });

  test('undo settings: the per-file limit and how long undo files are kept are saved in the core, refused in words when wrong', async ({ app: page }) => {
    await openActions(page);
    await page.getByTestId('actions-mode-undo').check();
    await expect(page.getByTestId('undo-settings-status')).toContainText('now 256 MiB per file, 7 days');
    await page.getByTestId('undo-keep-days').fill('0');
    await page.getByTestId('undo-settings-save').click();
    await expect(page.getByTestId('undo-settings-status')).toHaveText('Days: a whole number from 1 to 3650.');
    await page.getByTestId('undo-limit').fill('100');
    await page.getByTestId('undo-keep-days').fill('3');
    await page.getByTestId('undo-keep-gib').fill('0.5');
    await page.getByTestId('undo-settings-save').click();
    await expect(page.getByTestId('undo-settings-status')).toHaveText('Saved.');
    // Read back from the core after a reload, not from the form's own state.
    await page.reload();
    await openActions(page);
    await page.getByTestId('actions-mode-undo').check();
    await expect(page.getByTestId('undo-limit')).toHaveValue('100');
    await expect(page.getByTestId('undo-keep-days')).toHaveValue('3');
    await expect(page.getByTestId('undo-keep-gib')).toHaveValue('0.5');
  });

  test('a read-only connection shows its controls disabled and says why', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await seed(client);
      await duplicateConnection(page, 'Look only', { readOnly: true });
      await openActions(page);
      await expect(page.getByTestId('actions-read-only')).toContainText('read-only');
      await page.getByTestId('target-prefix').fill('report:');
      await expect(page.getByTestId('preview-button')).toBeDisabled();

      await page.getByTestId('actions-mode-flush').check();
      await expect(page.getByTestId('flush-preview-db')).toBeDisabled();
      await expect(page.getByTestId('flush-preview-all')).toBeDisabled();
      await expect(page.getByTestId('flush-by-scan')).toBeDisabled();

      await page.getByTestId('actions-mode-warm').check();
      await expect(page.getByTestId('warm-file-input')).toBeDisabled();
      await expect(page.getByTestId('warm-urls-run')).toBeDisabled();
      expect(await client.dbsize()).toBe(8);
    } finally {
      await client.quit();
    }
  });

  test('warm from a file (per-line errors) and by URL (status, time, hit rate), saved as a recipe and run again', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    // A tiny cache-aside app: GET /api/v1/courses reads Redis, fills it on a miss.
    const app = http.createServer((req, res) => {
      void (async () => {
        if (req.url !== '/api/v1/courses') {
          res.writeHead(404).end('not found');
          return;
        }
        const cached = await client.get('cache:/api/v1/courses');
        if (!cached) await client.set('cache:/api/v1/courses', '[{"id":1}]', 'EX', 300);
        res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":1}]');
      })();
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      await openActions(page);
      await page.getByTestId('actions-mode-warm').check();

      const lines = [
        JSON.stringify({ key: 'course:1', type: 'string', value: { title: 'Redis' }, ttl: 300 }),
        JSON.stringify({ key: 'course:1:stats', type: 'hash', value: { views: '10' }, ttl: 300 }),
        '{"key": "broken", ',
        JSON.stringify({ key: 'courses:active', type: 'list', value: ['1', '2'] }),
        JSON.stringify({ key: 'bad:type', type: 'bitmap', value: 'x' }),
      ];
      await page.getByTestId('warm-file-input').setInputFiles({ name: 'warm.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n') + '\n') });
      await expect(page.getByTestId('warm-file-preview')).toBeVisible();
      await expect(page.getByTestId('warm-file-valid')).toHaveAttribute('data-value', '3');
      await expect(page.getByTestId('warm-file-invalid')).toHaveAttribute('data-value', '2');
      await expect(page.getByTestId('warm-file-errors-line')).toHaveText(['3', '5']);
      expect(await client.exists('course:1')).toBe(0);
      await page.getByTestId('warm-file-write').click();
      await expect(page.getByTestId('warm-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('warm-written')).toHaveAttribute('data-value', '3');
      await expect(page.getByTestId('warm-failed')).toHaveAttribute('data-value', '2');
      await expect(page.getByTestId('warm-errors-line')).toHaveText(['3', '5']);
      expect(await client.get('course:1')).toBe('{"title":"Redis"}');
      expect(await client.hget('course:1:stats', 'views')).toBe('10');
      expect(await client.lrange('courses:active', 0, -1)).toEqual(['1', '2']);
      expect(await client.ttl('course:1')).toBeGreaterThan(0);

      // By URL: one good endpoint, one 404; each shown with its status.
      await page.getByTestId('warm-urls-input').fill(`${base}/api/v1/courses\n${base}/missing`);
      await page.getByTestId('warm-concurrency').fill('2');
      await page.getByTestId('warm-urls-run').click();
      const urlsJob = page.getByTestId('warm-urls').getByTestId('warm-job');
      await expect(urlsJob.getByTestId('warm-progress')).toHaveAttribute('data-state', 'done');
      await expect(urlsJob.getByTestId('warm-url-row')).toHaveCount(2);
      await expect(urlsJob.locator('[data-testid="warm-url-row"][data-status="200"]')).toContainText('/api/v1/courses');
      await expect(urlsJob.locator('[data-testid="warm-url-row"][data-status="404"]')).toContainText('/missing');
      await expect(urlsJob.getByTestId('warm-hit-during')).toHaveText('0 hits, 1 misses');
      await expect(urlsJob.getByTestId('warm-hit-after')).not.toHaveText('—');
      expect(await client.exists('cache:/api/v1/courses')).toBe(1);

      // Saved as a recipe; one click runs it again — now the app hits its cache.
      await page.getByTestId('recipe-name').fill('popular courses');
      await page.getByTestId('recipe-save').click();
      await expect(page.getByTestId('recipe')).toHaveCount(1);
      await page.locator('[data-testid="recipe"][data-name="popular courses"]').getByTestId('recipe-run').click();
      const recipeJob = page.getByTestId('recipes').getByTestId('warm-job');
      await expect(recipeJob.getByTestId('warm-progress')).toHaveAttribute('data-state', 'done');
      await expect(recipeJob.getByTestId('warm-hit-during')).toHaveText('1 hits, 0 misses');

      // A bad URL line is caught before anything runs.
      await page.getByTestId('warm-urls-input').fill('ftp://example.com/x');
      await expect(page.getByTestId('warm-urls-errors-line')).toHaveText(['1']);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
      await client.quit();
    }
  });
});

test.describe('a warm file too big for the browser', () => {
  test('is refused in words before anything is sent; the page and the bridge keep working', async ({ app: page }, testInfo) => {
    await openActions(page);
    await page.getByTestId('actions-mode-warm').check();
    // One byte over the contract's upload limit (a 7 MB upload once killed serve mode at a 4 MiB frame limit).
    const huge = testInfo.outputPath('huge.ndjson');
    writeFileSync(huge, Buffer.alloc(MAX_WARM_UPLOAD_BYTES + 1, 0x20));
    await page.getByTestId('warm-file-input').setInputFiles(huge);
    const error = page.getByTestId('warm-file-error');
    await expect(error).toContainText('huge.ndjson');
    await expect(error).toContainText('at most 64.0 MiB');
    await expect(error).toContainText('cachescope warm');
    await expect(page.getByTestId('warm-file-preview')).toHaveCount(0);
    // Still connected: a small file previews as usual.
    await page.getByTestId('warm-file-input').setInputFiles({ name: 'ok.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify({ key: 'a', type: 'string', value: 'x' }) + '\n') });
    await expect(page.getByTestId('warm-file-valid')).toHaveAttribute('data-value', '1');
  });
});

test.describe('flush on a hardened server', () => {
  test.use({ redisArgs: ['--rename-command', 'FLUSHDB', '""'] });

  test('FLUSHDB renamed away: says so in words and deletes every key by scan, with undo; FLUSHALL asks for a typed phrase', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await seed(client);
      await openActions(page);
      await page.getByTestId('actions-mode-flush').check();

      await page.getByTestId('flush-preview-db').click();
      await expect(page.getByTestId('flush-card')).toHaveAttribute('data-command', 'renamed');
      await expect(page.getByTestId('flush-keys')).toHaveAttribute('data-value', '8');
      await expect(page.getByTestId('flush-note')).toContainText('FLUSHDB is disabled on this server');
      await expect(page.getByTestId('flush-note')).toContainText('delete every key by scan');
      await expect(page.getByTestId('flush-confirm')).toHaveCount(0);

      // FLUSHALL is still there, behind the stronger confirmation; Esc backs out.
      await page.getByTestId('flush-preview-all').click();
      await expect(page.getByTestId('flush-card')).toHaveAttribute('data-command', 'available');
      await page.getByTestId('flush-confirm').click();
      const strong = page.getByTestId('flush-dialog');
      await expect(strong).toHaveAttribute('data-kind', 'type');
      const name = (await page.locator('.conn-header h1').textContent())!;
      await expect(page.getByTestId('confirm-expected')).toHaveText(`FLUSHALL ${name}`);
      await page.getByTestId('confirm-phrase').fill(name);
      await expect(page.getByTestId('confirm-execute')).toBeDisabled();
      await page.keyboard.press('Escape');
      await expect(strong).toHaveCount(0);
      expect(await client.dbsize()).toBe(8);

      // The fallback: the invalidation machinery with target "everything".
      await page.getByTestId('flush-preview-db').click();
      await page.getByTestId('flush-card-by-scan').click();
      await expect(page.getByTestId('invalidate-panel')).toBeVisible();
      await expect(page.getByTestId('target-kind-all')).toBeChecked();
      await expect(page.getByTestId('preview-matched')).toHaveAttribute('data-value', '8');
      await expect(page.getByTestId('preview-undo')).toHaveAttribute('data-available', 'true');
      await page.getByTestId('preview-confirm').click();
      await page.getByTestId('confirm-execute').click();
      await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('job-deleted')).toHaveAttribute('data-value', '8');
      expect(await client.dbsize()).toBe(0);

      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('undo-written')).toHaveAttribute('data-value', '8');
      expect(await client.dbsize()).toBe(8);
      expect(await client.pttl('report:[2024]:a')).toBeGreaterThan(0);

      // The undo file stays listed for later.
      await page.getByTestId('actions-mode-undo').check();
      await expect(page.getByTestId('undo-file')).toHaveCount(1);
      await expect(page.getByTestId('undo-file')).toContainText('every key in the db');
    } finally {
      await client.quit();
    }
  });
});
