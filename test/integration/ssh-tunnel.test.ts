import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, ProfileInput } from '../../shared/contract';
import { resolveInput } from '../../electron/core/profile/profile';
import { tunnelFor } from '../../electron/core/ssh/connector';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { closedPort, freePort, startRedis } from '../helpers/redis-server';
import { startAgent, startSocketRedis, startSshd, type TestSshd } from '../helpers/sshd';
import { seedLayouts } from '../fixtures/keyspace';
import { testClient } from '../helpers/redis-client';

/**
 * Issue 19 against a real sshd started by the test (test/helpers/sshd.ts) and a redis-server
 * with no TCP port at all: its only way in is a Unix socket, reached through SSH's stream-local
 * forward — so every reply below came through the tunnel.
 */
describe('Redis through an SSH tunnel (real sshd)', () => {
  let sshd: TestSshd;
  let redis: { socket: string; stop(): Promise<void> };
  let app: TestCore | undefined;

  beforeAll(async () => {
    [sshd, redis] = await Promise.all([startSshd(), startSocketRedis()]);
  });
  afterAll(async () => {
    await sshd?.stop();
    await redis?.stop();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const profile = (ssh: Partial<NonNullable<ProfileInput['ssh']>> = {}): ProfileInput => ({
    name: 'behind bastion',
    host: '10.255.255.1', // never dialled: Redis is the Unix socket on the SSH host
    port: 6379,
    connectTimeoutMs: 5000,
    ssh: { enabled: true, host: sshd.host, port: sshd.port, username: sshd.user, auth: 'key', keyFile: sshd.keyFile, redisSocket: redis.socket, ...ssh },
  });
  /** A core whose data dir already knows the test sshd's host key (unless `known` is false). */
  const trustedCore = (known = true): TestCore => {
    const core = makeCore({});
    if (known) writeFileSync(path.join(core.dataDir, 'known_hosts'), sshd.knownHostsLine + '\n');
    return core;
  };
  const testFails = async (input: ProfileInput) => {
    const reply = await app!.core.invoke('profiles.test', input);
    if (reply.ok) expect.fail('profiles.test should have failed');
    return reply.error;
  };

  it('an unknown host key is refused with its SHA256 fingerprint; once confirmed it is remembered in the data dir', async () => {
    app = trustedCore(false);
    const error = await testFails(profile());
    expect(error.code).toBe('SSH_HOST_KEY_UNKNOWN');
    expect(sshd.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(error.message).toContain(sshd.fingerprint); // as ssh-keygen -lf prints it
    // A fingerprint the core did not see cannot be trusted.
    const forged = await app.core.invoke('ssh.trustHostKey', { host: sshd.host, port: sshd.port, fingerprint: `SHA256:${'A'.repeat(43)}` });
    expect(forged).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const trusted = await app.call('ssh.trustHostKey', { host: sshd.host, port: sshd.port, fingerprint: sshd.fingerprint });
    expect(trusted).toMatchObject({ host: `[127.0.0.1]:${sshd.port}`, keyType: 'ssh-ed25519', fingerprint: sshd.fingerprint });
    expect(readFileSync(path.join(app.dataDir, 'known_hosts'), 'utf8')).toContain(sshd.knownHostsLine.split(' ').slice(1).join(' '));
    const ok = await app.call('profiles.test', profile());
    expect(ok.dbsize).toBeGreaterThanOrEqual(0);
  });

  it('an open connection with an unknown host key says so in its state, with the key to confirm', async () => {
    app = trustedCore(false);
    const saved = await app.call('profiles.save', profile());
    const state = await app.call('connections.open', { id: saved.id });
    const error = state.code === 'SSH_HOST_KEY_UNKNOWN' ? state : await app.next('connection.state', (s) => s.code === 'SSH_HOST_KEY_UNKNOWN');
    expect(error.status).toBe('error');
    expect(error.hostKey).toMatchObject({ port: sshd.port, fingerprint: sshd.fingerprint });
  });

  it('a changed host key is refused with a warning in words', async () => {
    app = trustedCore(false);
    const other = readFileSync(`${sshd.strangerKeyFile}.pub`, 'utf8').trim().split(/\s+/);
    writeFileSync(path.join(app.dataDir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${other[0]} ${other[1]}\n`);
    const error = await testFails(profile());
    expect(error.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(error.message).toMatch(/WARNING: the host key .* has changed/);
    expect(error.message).toContain(sshd.fingerprint);
  });

  it('key auth: polls Redis that is reachable only through the tunnel', async () => {
    app = trustedCore();
    const saved = await app.call('profiles.save', profile());
    expect(saved.ssh).toMatchObject({ enabled: true, host: sshd.host, auth: 'key', hasPassphrase: false, hasPassword: false });
    await app.call('connections.open', { id: saved.id });
    const sample = await app.next('metrics.sample', (s) => s.connectionId === saved.id, 15_000);
    expect(sample.version).toMatch(/^\d+\./);
  });

  it('an encrypted key opens with its passphrase; without it, or with a wrong one, the words say so', async () => {
    app = trustedCore();
    expect((await testFails(profile({ keyFile: sshd.encryptedKeyFile }))).message).toMatch(/is encrypted: enter its passphrase/);
    const wrong = await testFails(profile({ keyFile: sshd.encryptedKeyFile, passphrase: 'nope' }));
    expect(wrong).toMatchObject({ code: 'SSH_AUTH_FAILED' });
    expect(wrong.message).toMatch(/Wrong passphrase/);
    const saved = await app.call('profiles.save', profile({ keyFile: sshd.encryptedKeyFile, passphrase: sshd.passphrase }));
    expect(saved.ssh).toMatchObject({ hasPassphrase: true });
    expect(JSON.stringify(saved)).not.toContain(sshd.passphrase);
    // Sealed on disk, never in clear.
    expect(readFileSync(path.join(app.dataDir, 'connections.json'), 'utf8')).not.toContain(sshd.passphrase);
    expect((await app.call('profiles.test', { id: saved.id })).dbsize).toBeGreaterThanOrEqual(0);
    // Saved again from the form without retyping it (omitted): the sealed passphrase is kept.
    const resaved = await app.call('profiles.save', { ...profile({ keyFile: sshd.encryptedKeyFile }), id: saved.id, name: 'renamed' });
    expect(resaved.ssh).toMatchObject({ hasPassphrase: true });
    expect(readFileSync(path.join(app.dataDir, 'connections.json'), 'utf8')).toContain('sshPassphraseSealed');
    expect((await app.call('profiles.test', { id: saved.id })).dbsize).toBeGreaterThanOrEqual(0);
  });

  it('a key the SSH host does not accept is named in the refusal', async () => {
    app = trustedCore();
    const error = await testFails(profile({ keyFile: sshd.strangerKeyFile }));
    expect(error.code).toBe('SSH_AUTH_FAILED');
    expect(error.message).toContain(`refused the key ${sshd.strangerKeyFile}`);
  });

  it('agent auth through a test ssh-agent (SSH_AUTH_SOCK)', async () => {
    const agent = await startAgent([sshd.keyFile]);
    const before = process.env.SSH_AUTH_SOCK;
    try {
      app = trustedCore();
      process.env.SSH_AUTH_SOCK = agent.socket;
      expect((await app.call('profiles.test', profile({ auth: 'agent', keyFile: undefined }))).dbsize).toBeGreaterThanOrEqual(0);
      delete process.env.SSH_AUTH_SOCK;
      expect((await testFails(profile({ auth: 'agent', keyFile: undefined }))).message).toMatch(/No ssh-agent is running/);
    } finally {
      if (before === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = before;
      await agent.stop();
    }
  });

  // Password auth: ssh-password.test.ts (it needs a throwaway system user, so root only).

  it('SSH works but Redis behind it refuses: the words say which side failed', async () => {
    app = trustedCore();
    const port = await closedPort();
    const error = await testFails({ ...profile({ redisSocket: undefined }), host: '127.0.0.1', port });
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toMatch(new RegExp(`SSH to .* works, but Redis at 127\\.0\\.0\\.1:${port} refused`));
  });

  it('SSH host down: unreachable in words, distinct from Redis', async () => {
    app = trustedCore();
    const error = await testFails(profile({ port: await closedPort() }));
    expect(error.code).toBe('SSH_UNREACHABLE');
    expect(error.message).toMatch(/refused the connection: is sshd running/);
  });

  it('sshd killed mid-poll: the state says SSH, then the connection recovers when it is back', async () => {
    app = trustedCore();
    const saved = await app.call('profiles.save', profile());
    await app.call('connections.open', { id: saved.id });
    await app.next('metrics.sample', (s) => s.connectionId === saved.id, 15_000);
    const states: ConnectionState[] = [];
    app.core.on('connection.state', (s) => states.push(s));
    const sshDown = app.next('connection.state', (s) => s.code === 'SSH_UNREACHABLE', 30_000);
    await sshd.kill();
    const down = await sshDown;
    expect(down.status).toBe('reconnecting');
    expect(down.reason).toMatch(/SSH host .* refused the connection/);
    const up = app.next('connection.state', (s) => s.status === 'ready', 30_000);
    await sshd.restart();
    await up;
    await app.next('metrics.sample', (s) => s.connectionId === saved.id, 15_000);
    expect(states.some((s) => s.status === 'reconnecting')).toBe(true);
    // The lost connection is named by its way in, not by a Redis address only the SSH host can use.
    expect(states.map((s) => s.reason ?? '').join('\n')).toContain(`${redis.socket} on 127.0.0.1:${sshd.port} (SSH)`);
  });

  it('the local forward serves only the core: another local process connecting to its port gets nothing', async () => {
    app = trustedCore();
    const tunnel = tunnelFor(resolveInput(profile()).profile);
    const port = await tunnel.acquire();
    try {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (d: Buffer) => (received += d.toString()));
      socket.on('error', () => undefined);
      socket.write('PING\r\n');
      await new Promise((resolve) => socket.once('close', resolve));
      expect(received).toBe('');
    } finally {
      tunnel.release();
    }
  });

  it('TLS through the tunnel verifies the certificate against the Redis host name, not 127.0.0.1', async () => {
    // A certificate for "localhost" only: verified against the forward's 127.0.0.1 it would fail.
    const dir = tempDir('cachescope-ssh-tls-');
    const f = (name: string) => path.join(dir, name);
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-days', '1', '-subj', '/CN=Cachescope SSH Test CA', '-keyout', f('ca.key'), '-out', f('ca.crt')]);
    run(['req', ...ec, '-subj', '/CN=localhost', '-keyout', f('server.key'), '-out', f('server.csr')]);
    writeFileSync(f('ext.cnf'), 'subjectAltName=DNS:localhost\n');
    run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('ext.cnf'), '-out', f('server.crt')]);
    const tlsPort = await freePort();
    const tlsRedis = await startRedis(['--tls-port', String(tlsPort), '--tls-cert-file', f('server.crt'), '--tls-key-file', f('server.key'), '--tls-ca-cert-file', f('ca.crt'), '--tls-auth-clients', 'no']);
    try {
      app = trustedCore();
      const input = (tls: Record<string, unknown>): ProfileInput => ({ ...profile({ redisSocket: undefined }), host: 'localhost', port: tlsPort, tls: { enabled: true, caFile: f('ca.crt'), ...tls } });
      expect((await app.call('profiles.test', input({}))).dbsize).toBeGreaterThanOrEqual(0);
      const wrongName = await testFails(input({ servername: 'redis.example.com' }));
      expect(wrongName.code).toBe('TLS');
      expect(wrongName.message).toMatch(/redis\.example\.com|altnames/i);
    } finally {
      await tlsRedis.stop();
    }
  });

  it('sshd killed mid-scan: the scan says the connection was lost, restarts once SSH is back, and ends with every key', async () => {
    const seed = testClient({ path: redis.socket });
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      await seed.flushdb();
      await seedLayouts(seed, 3000);
      app = trustedCore();
      const saved = await app.call('profiles.save', profile());
      await app.call('connections.open', { id: saved.id });
      const seen: { state: string; message?: string }[] = [];
      app.core.on('scan.progress', (p) => seen.push(p));
      const { scanId } = await app.call('keys.scan.start', { id: saved.id, throttle: 1500 });
      await app.next('scan.progress', (p) => p.scanId === scanId && p.scanned > 0, 20_000);
      await sshd.kill();
      await new Promise((r) => setTimeout(r, 1500));
      await sshd.restart();
      const end = await app.next('scan.progress', (p) => p.scanId === scanId && (p.state === 'done' || p.state === 'error'), 90_000);
      expect(seen.find((p) => p.state === 'restarted')?.message).toMatch(/connection was lost/);
      expect(end).toMatchObject({ state: 'done', indexed: 3000 });
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      seed.disconnect();
    }
  });
});
