import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';
import { startSshd, type TestSshd } from '../helpers/sshd';

/** The CLI's --ssh flags against a real sshd (test/helpers/sshd.ts). */
describe('cachescope CLI through SSH', () => {
  let sshd: TestSshd;
  let redis: TestRedis;
  let knownHosts: string;
  let emptyKnownHosts: string;

  beforeAll(async () => {
    ensureNodeBuilt();
    [sshd, redis] = await Promise.all([startSshd(), startRedis()]);
    const dir = tempDir('cachescope-ssh-cli-');
    knownHosts = path.join(dir, 'known_hosts');
    emptyKnownHosts = path.join(dir, 'empty_known_hosts');
    writeFileSync(knownHosts, `# a comment\n${sshd.knownHostsLine}\n`);
    writeFileSync(emptyKnownHosts, '');
  });
  afterAll(async () => {
    await sshd?.stop();
    await redis?.stop();
  });

  const stats = (ssh: string[], env: Record<string, string> = {}) =>
    runCli(['stats', '--json', '--count', '1', '--interval', '0.5', '--host', '127.0.0.1', '--port', String(redis.port), '--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, ...ssh], { env, timeoutMs: 30_000 });

  it('stats through the SSH host with a key file and the given known_hosts', async () => {
    const result = await stats(['--ssh-key', sshd.keyFile, '--ssh-known-hosts', knownHosts]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n')[0]!)).toHaveProperty('ts');
  });

  it('an encrypted key takes its passphrase from CACHESCOPE_SSH_PASSPHRASE', async () => {
    const missing = await stats(['--ssh-key', sshd.encryptedKeyFile, '--ssh-known-hosts', knownHosts]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('is encrypted: enter its passphrase');
    const ok = await stats(['--ssh-key', sshd.encryptedKeyFile, '--ssh-known-hosts', knownHosts], { CACHESCOPE_SSH_PASSPHRASE: sshd.passphrase });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('through a jump host (--ssh-jump)', async () => {
    const result = await stats(['--ssh-key', sshd.keyFile, '--ssh-known-hosts', knownHosts, '--ssh-jump', `${sshd.user}@127.0.0.1:${sshd.port}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('an unknown host key is refused with its fingerprint (exit 3)', async () => {
    const result = await stats(['--ssh-key', sshd.keyFile, '--ssh-known-hosts', emptyKnownHosts]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(sshd.fingerprint);
    expect(result.stderr).toMatch(/is not known/);
  });

  it('--ssh-key without --ssh, or a malformed --ssh, is a usage error', async () => {
    const lone = await runCli(['stats', '--count', '1', '--ssh-key', sshd.keyFile]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--ssh-key needs --ssh USER@HOST');
    const bad = await runCli(['stats', '--count', '1', '--ssh', 'me@host:99999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--ssh must be USER@HOST[:PORT]');
  });
});
