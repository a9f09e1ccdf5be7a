import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { canCreateSystemUsers, createSystemUser, type SystemUser } from '../helpers/system-user';

/**
 * SSH password authentication against a real sshd. sshd checks passwords against system users,
 * so this needs one: created only when the tests run as root (CI does), with a random password
 * set as a hash (chpasswd -e), no home and no shell, and removed afterwards (and by the next run
 * if this one is killed). The test sshd allows passwords for that user only (a Match block);
 * UsePAM stays off, so the system's PAM configuration is not involved. Not root: skipped.
 */
describe.skipIf(!canCreateSystemUsers())('SSH password auth (real sshd, throwaway system user; root only)', () => {
  let user: SystemUser;
  let sshd: TestSshd;
  let redis: TestRedis;
  let app: TestCore | undefined;

  beforeAll(async () => {
    user = createSystemUser();
    [sshd, redis] = await Promise.all([
      // sshd takes the first value of a keyword, but a Match block overrides for its user.
      startSshd({ extraConfig: [`Match User ${user.name}`, '  PasswordAuthentication yes', '  AuthenticationMethods password'] }),
      // On TCP: the throwaway user could not open root's 0700 Unix socket on the SSH host.
      startRedis(),
    ]);
  });
  afterAll(async () => {
    await sshd?.stop();
    await redis?.stop();
    user?.remove();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const profile = (password: string | undefined): ProfileInput => ({
    name: 'password bastion',
    host: '127.0.0.1', // resolved on the SSH host's side
    port: redis.port,
    connectTimeoutMs: 5000,
    ssh: { enabled: true, host: sshd.host, port: sshd.port, username: user.name, auth: 'password', ...(password !== undefined ? { password } : {}) },
  });
  const trustedCore = (): TestCore => {
    const core = makeCore({});
    writeFileSync(path.join(core.dataDir, 'known_hosts'), sshd.knownHostsLine + '\n');
    return core;
  };

  it('the right password opens the tunnel; it is sealed on disk and never shown', async () => {
    app = trustedCore();
    const saved = await app.call('profiles.save', profile(user.password));
    expect(saved.ssh).toMatchObject({ auth: 'password', hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain(user.password);
    expect(readFileSync(path.join(app.dataDir, 'connections.json'), 'utf8')).not.toContain(user.password);
    expect((await app.call('profiles.test', { id: saved.id })).dbsize).toBeGreaterThanOrEqual(0);
    await app.call('connections.open', { id: saved.id });
    const sample = await app.next('metrics.sample', (s) => s.connectionId === saved.id, 15_000);
    expect(sample.version).toMatch(/^\d+\./);
  });

  it('a wrong password, or none, is refused in words', async () => {
    app = trustedCore();
    const wrong = await app.core.invoke('profiles.test', profile(`${user.password}x`));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'SSH_AUTH_FAILED' } });
    if (!wrong.ok) expect(wrong.error.message).toBe(`The SSH host ${user.name}@[127.0.0.1]:${sshd.port} refused the password (authentication failed).`);
    const none = await app.core.invoke('profiles.test', profile(undefined));
    expect(none).toMatchObject({ ok: false, error: { code: 'SSH_AUTH_FAILED' } });
    if (!none.ok) expect(none.error.message).toMatch(/No SSH password is set/);
  });

  it('the key this sshd accepts for others is not a way in for the password-only user', async () => {
    app = trustedCore();
    const keyed = await app.core.invoke('profiles.test', { ...profile(undefined), ssh: { ...profile(undefined).ssh!, auth: 'key', keyFile: sshd.keyFile } });
    expect(keyed).toMatchObject({ ok: false, error: { code: 'SSH_AUTH_FAILED' } });
  });
});
