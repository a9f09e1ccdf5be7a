import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSocketRedis, startSshd, type TestSshd } from '../helpers/sshd';
import { expect, test } from './fixtures';

/**
 * Issue 19 in Chromium: add a connection that goes through a private sshd to a redis-server that
 * has no TCP port (its Unix socket, forwarded by SSH), confirm the unknown host key by its
 * fingerprint, and see the overview connected.
 */
test('connection form: through SSH, confirm the host key, see the overview connected', async ({ app: page, serve }) => {
  let sshd: TestSshd | undefined;
  let redis: Awaited<ReturnType<typeof startSocketRedis>> | undefined;
  try {
    [sshd, redis] = await Promise.all([startSshd(), startSocketRedis()]);
    await page.getByTestId('add-connection').click();
    await page.getByTestId('form-name').fill('Via bastion');
    await page.getByTestId('form-host').fill('10.255.255.1'); // never dialled: the socket below is used
    await page.getByTestId('form-ssh-enabled').check();
    await page.getByTestId('form-ssh-host').fill(sshd.host);
    await page.getByTestId('form-ssh-port').fill(String(sshd.port));
    await page.getByTestId('form-ssh-username').fill(sshd.user);
    await page.getByTestId('form-ssh-auth-key').check();
    await page.getByTestId('form-ssh-key-file').fill(sshd.encryptedKeyFile);
    await page.getByTestId('form-ssh-passphrase').fill(sshd.passphrase);
    await page.getByTestId('form-ssh-redis-socket').fill(redis.socket);

    await page.getByTestId('form-test').click();
    await expect(page.getByTestId('form-error')).toContainText('is not known');
    await expect(page.getByTestId('form-ssh-fingerprint')).toHaveText(sshd.fingerprint);
    await page.getByTestId('form-ssh-trust').click();
    await expect(page.getByTestId('form-test-result')).toContainText('Connected: Redis');
    // Remembered in Cachescope's own known_hosts, in the data dir.
    expect(readFileSync(path.join(serve.dataDir, 'known_hosts'), 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);

    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Via bastion');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('kpi-grid')).toBeVisible();
    // The passphrase was sealed in main: never in the saved file in clear.
    expect(readFileSync(path.join(serve.dataDir, 'connections.json'), 'utf8')).not.toContain(sshd.passphrase);
  } finally {
    await sshd?.stop();
    await redis?.stop();
  }
});

test('an open connection stopped at an unknown SSH host key: the overview shows the fingerprint; trusting it connects', async ({ app: page }) => {
  let sshd: TestSshd | undefined;
  let redis: Awaited<ReturnType<typeof startSocketRedis>> | undefined;
  try {
    [sshd, redis] = await Promise.all([startSshd(), startSocketRedis()]);
    await page.getByTestId('add-connection').click();
    await page.getByTestId('form-name').fill('Unconfirmed bastion');
    await page.getByTestId('form-ssh-enabled').check();
    await page.getByTestId('form-ssh-host').fill(sshd.host);
    await page.getByTestId('form-ssh-port').fill(String(sshd.port));
    await page.getByTestId('form-ssh-username').fill(sshd.user);
    await page.getByTestId('form-ssh-auth-key').check();
    await page.getByTestId('form-ssh-key-file').fill(sshd.keyFile);
    await page.getByTestId('form-ssh-redis-socket').fill(redis.socket);
    await page.getByTestId('form-save').click(); // no Test first: the connection opens and stops at the key

    await expect(page.getByTestId('state-unreachable')).toContainText('Cannot reach Redis through SSH');
    await expect(page.getByTestId('unreachable-reason')).toContainText('is not known');
    await expect(page.getByTestId('ssh-hostkey-fingerprint')).toHaveText(sshd.fingerprint);
    await page.getByTestId('ssh-hostkey-trust').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('kpi-grid')).toBeVisible();
  } finally {
    await sshd?.stop();
    await redis?.stop();
  }
});
