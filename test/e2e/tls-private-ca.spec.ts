import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask } from '../helpers/redis-client';
import { freePort, startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCertificates, tlsServerArgs } from '../helpers/tls-certs';
import { expect, test } from './fixtures';

/**
 * Issue 17 in Chromium: a Redis behind TLS with a private CA (as SkillUp/LMS users have in the
 * cloud). The form refuses to trust it until the CA file's path is given; then the saved
 * connection opens and the overview counts the keys.
 */
test('connection form: TLS with a private CA file, verified, overview shows the keys', async ({ app: page, serve }) => {
  let redis: TestRedis | undefined;
  try {
    const certs = makeCertificates(mkdtempSync(path.join(os.tmpdir(), 'cachescope-e2e-tls-')));
    const tlsPort = await freePort();
    redis = await startRedis(tlsServerArgs(tlsPort, certs));
    // Seeded through the plain port of the same server.
    await ask(redis.port, ['MSET', ...Array.from({ length: 37 }, (_, i) => [`skillup:course:${i}`, `{"id":${i}}`]).flat()]);

    await page.getByTestId('add-connection').click();
    await page.getByTestId('form-name').fill('Private CA');
    await page.getByTestId('form-host').fill('127.0.0.1');
    await page.getByTestId('form-port').fill(String(tlsPort));
    await expect(page.getByTestId('form-tls-files')).toHaveCount(0);
    await page.getByTestId('form-tls').check();
    await expect(page.getByTestId('form-tls-verify')).toBeChecked();
    // Serve mode has no dialog: a path is typed, and no Choose… button is offered.
    await expect(page.getByTestId('form-tls-ca-file-choose')).toHaveCount(0);

    await page.getByTestId('form-test').click();
    await expect(page.getByTestId('form-error')).toContainText('TLS');

    await page.getByTestId('form-tls-ca-file').fill(certs.ca);
    await page.getByTestId('form-tls-servername').fill('localhost');
    await page.getByTestId('form-test').click();
    await expect(page.getByTestId('form-test-result')).toContainText('37 keys');

    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Private CA');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('kpi-keys')).toContainText('37');
    // The profile keeps the path; the CA's contents stay on disk.
    const saved = readFileSync(path.join(serve.dataDir, 'connections.json'), 'utf8');
    expect(saved).toContain(certs.ca);
    expect(saved).not.toContain('BEGIN CERTIFICATE');

    // Editing shows the saved path again.
    await page.getByTestId('edit-profile').click();
    await expect(page.getByTestId('form-tls-ca-file')).toHaveValue(certs.ca);
    await expect(page.getByTestId('form-tls-servername')).toHaveValue('localhost');
  } finally {
    await redis?.stop();
  }
});
