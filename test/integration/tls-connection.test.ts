import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir } from '../helpers/core';
import { freePort, startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';
import { makeCertificates, tlsServerArgs, type TestCertificates } from '../helpers/tls-certs';

describe('TLS to Redis (rediss://)', () => {
  let redis: TestRedis;
  let tlsPort: number;
  let certs: TestCertificates;

  beforeAll(async () => {
    certs = makeCertificates(tempDir('cachescope-tls-'));
    tlsPort = await freePort();
    redis = await startRedis(tlsServerArgs(tlsPort, certs));
  });
  afterAll(async () => redis?.stop());

  const tlsProfile = (tls: Record<string, unknown>) => ({ name: 'tls', host: '127.0.0.1', port: tlsPort, tls: { enabled: true, ...tls } });

  it('verifies the certificate by default and refuses one it cannot trust, in words', async () => {
    const app = makeCore({});
    try {
      const reply = await app.core.invoke('profiles.test', tlsProfile({}));
      expect(reply).toMatchObject({ ok: false, error: { code: 'TLS' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/TLS failure with 127\.0\.0\.1:\d+/);
    } finally {
      await app.close();
    }
  });

  it('connects when the CA file is given, and when verification is explicitly turned off', async () => {
    const app = makeCore({});
    try {
      expect(await app.call('profiles.test', tlsProfile({ caFile: certs.ca }))).toMatchObject({ version: expect.stringMatching(/^7\./) });
      expect(await app.call('profiles.test', tlsProfile({ verify: false }))).toMatchObject({ version: expect.stringMatching(/^7\./) });
    } finally {
      await app.close();
    }
  });

  it('reads rediss:// as TLS with verification on, and polls INFO over TLS', async () => {
    const app = makeCore({ REDIS_URL: `rediss://127.0.0.1:${tlsPort}` });
    try {
      const [profile] = await app.call('profiles.list', {});
      expect(profile?.tls).toMatchObject({ enabled: true, verify: true });
      const saved = await app.call('profiles.save', tlsProfile({ caFile: certs.ca }));
      await app.call('connections.open', { id: saved.id });
      const sample = await app.next('metrics.sample', (s) => s.connectionId === saved.id);
      expect(sample.version).toMatch(/^7\./);
    } finally {
      await app.close();
    }
  });

  it('an open connection (the app) names a TLS/plaintext mismatch in its state and stops retrying', async () => {
    const app = makeCore({ REDIS_URL: `redis://127.0.0.1:${tlsPort}` });
    try {
      const state = await app.call('connections.open', { id: 'env-default' });
      const final = state.status === 'error' && state.code === 'TLS' ? state : await app.next('connection.state', (s) => s.status === 'error' && s.code === 'TLS');
      expect(final.reason).toBe(`127.0.0.1:${tlsPort} expects TLS: use rediss:// or turn TLS on for this connection.`);
      const saved = await app.call('profiles.save', { name: 'tls to plain', host: '127.0.0.1', port: redis.port, connectTimeoutMs: 1000, tls: { enabled: true, verify: false } });
      const opened = await app.call('connections.open', { id: saved.id });
      const plain = opened.status === 'error' && opened.code === 'TLS' ? opened : await app.next('connection.state', (s) => s.id === saved.id && s.status === 'error' && s.code === 'TLS');
      expect(plain.reason).toBe(`127.0.0.1:${redis.port} does not speak TLS: use redis:// or turn TLS off for this connection.`);
      expect(plain.reason).not.toMatch(/firewall/);
    } finally {
      await app.close();
    }
  });

  it('a CA file chosen in main’s dialog comes back as its path, and the profile naming it connects', async () => {
    const asked: string[] = [];
    const dialogs = { chooseSavePath: async () => null, chooseOpenPath: async ({ title }: { title: string }) => (asked.push(title), certs.ca) };
    const app = makeCore({}, undefined, { dialogs, mode: 'desktop' });
    try {
      const { path: chosen } = await app.call('profiles.chooseTlsFile', { which: 'ca' });
      expect(chosen).toBe(certs.ca);
      expect(asked).toEqual([expect.stringMatching(/CA certificate/)]);
      expect(await app.call('profiles.test', tlsProfile({ caFile: chosen }))).toMatchObject({ version: expect.stringMatching(/^7\./) });
    } finally {
      await app.close();
    }
  });

  it('choosing a TLS file where there is no dialog (serve mode) says to type the path; a closed dialog is CANCELLED', async () => {
    const serve = makeCore({});
    const cancelled = makeCore({}, undefined, { dialogs: { chooseSavePath: async () => null, chooseOpenPath: async () => null }, mode: 'desktop' });
    try {
      expect(await serve.core.invoke('profiles.chooseTlsFile', { which: 'key' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringMatching(/type the full path/) } });
      expect(await cancelled.core.invoke('profiles.chooseTlsFile', { which: 'cert' })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    } finally {
      await serve.close();
      await cancelled.close();
    }
  });

  it('mutual TLS: a server that asks for a client certificate refuses a profile without one and takes the form’s certificate and key files', async () => {
    const mtlsPort = await freePort();
    const mtls = await startRedis(tlsServerArgs(mtlsPort, certs, true));
    const app = makeCore({});
    try {
      const base = { name: 'mtls', host: '127.0.0.1', port: mtlsPort, connectTimeoutMs: 3000 };
      const without = await app.core.invoke('profiles.test', { ...base, tls: { enabled: true, caFile: certs.ca } });
      expect(without.ok).toBe(false);
      const withCert = await app.call('profiles.test', { ...base, tls: { enabled: true, caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey } });
      expect(withCert.version).toMatch(/^7\./);
    } finally {
      await app.close();
      await mtls.stop();
    }
  });

  it('says so when the CA file cannot be read', async () => {
    const app = makeCore({});
    try {
      const reply = await app.core.invoke('profiles.test', tlsProfile({ caFile: '/nonexistent/ca.pem' }));
      expect(reply).toMatchObject({ ok: false, error: { code: 'TLS', message: expect.stringContaining('Cannot read the TLS CA file') } });
    } finally {
      await app.close();
    }
  });

  it('says "is not a PEM certificate" for a CA file that is not one, in a profile test, without echoing the file', async () => {
    const app = makeCore({});
    try {
      const reply = await app.core.invoke('profiles.test', tlsProfile({ caFile: '/etc/passwd' }));
      expect(reply).toMatchObject({ ok: false, error: { code: 'TLS', message: 'The TLS CA file /etc/passwd is not a PEM certificate.' } });
    } finally {
      await app.close();
    }
  });

  describe('cachescope CLI', () => {
    beforeAll(() => ensureNodeBuilt(), 60_000);

    it('plaintext to the TLS port: says the server expects TLS, exit 3', async () => {
      const result = await runCli(['stats', '--count', '1', '--url', `redis://127.0.0.1:${tlsPort}`]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`cachescope stats: 127.0.0.1:${tlsPort} expects TLS: use rediss:// or --tls.\n`);
    });

    it('TLS to the plaintext port: says the server does not speak TLS, not a firewall hint, exit 3', async () => {
      const result = await runCli(['stats', '--count', '1', '--insecure', '--connect-timeout', '1000', '--url', `rediss://127.0.0.1:${redis.port}`]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`cachescope stats: 127.0.0.1:${redis.port} does not speak TLS: use redis:// without --tls.`);
      expect(result.stderr).not.toMatch(/firewall/);
    });

    it('--tls-ca with a file that is not a certificate is an error naming the file, not its contents', async () => {
      const result = await runCli(['stats', '--count', '1', '--tls-ca', '/etc/passwd', '--url', `rediss://127.0.0.1:${tlsPort}`]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe('cachescope stats: The TLS CA file /etc/passwd is not a PEM certificate.\n');
    });
  });
});
