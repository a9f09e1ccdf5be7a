import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract/profiles';
import { applyUrl, emptyForm, formFromProfile, toProfileInput, urlError } from '../../renderer/src/shell/connection-form/form-model';

const saved: ProfileView = {
  id: 'p1',
  name: 'Sessions',
  host: 'cache.internal',
  port: 6380,
  username: 'app',
  hasPassword: true,
  db: 3,
  tls: { enabled: true, verify: true },
  connectTimeoutMs: 5000,
  readOnly: true,
  env: 'prod',
  color: '#f85149',
  pollIntervalMs: 2000,
  source: 'saved', kind: 'standalone', seeds: [], pinNode: false, natMap: [],
};

describe('connection form model', () => {
  it('fills every address field from a pasted URL and names the connection after it', () => {
    const f = applyUrl(emptyForm(), 'rediss://alice:p%40ss@redis.example.com:6390/4');
    expect(f).toMatchObject({ host: 'redis.example.com', port: '6390', username: 'alice', password: 'p@ss', db: '4', tls: true, name: 'redis.example.com:6390' });
  });

  it('keeps a name the user typed', () => {
    expect(applyUrl({ ...emptyForm(), name: 'Mine' }, 'redis://h:1/0').name).toBe('Mine');
  });

  it('explains a bad URL in words', () => {
    expect(urlError('http://x')).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(urlError('redis://h/abc')).toMatch(/Database must be a number/);
    expect(urlError('redis:///5')).toMatch(/names no host/);
    expect(urlError('')).toBeNull();
    expect(() => applyUrl(emptyForm(), 'nonsense')).toThrow();
  });

  it('builds the contract input, defaulting the name to host:port', () => {
    const r = toProfileInput({ ...emptyForm(), host: ' 10.0.0.5 ', port: '7000', db: '1', pollSeconds: '0.5' });
    expect(r).toEqual({
      ok: true,
      input: {
        name: '10.0.0.5:7000',
        host: '10.0.0.5',
        port: 7000,
        db: 1,
        tls: { enabled: false, verify: true },
        readOnly: false,
        env: 'dev',
        pollIntervalMs: 500,
        password: '',
      },
    });
  });

  it('points at the wrong field with a reason', () => {
    expect(toProfileInput({ ...emptyForm(), port: '70000' })).toMatchObject({ ok: false, field: 'port' });
    expect(toProfileInput({ ...emptyForm(), port: '12a' })).toMatchObject({ ok: false, field: 'port' });
    expect(toProfileInput({ ...emptyForm(), host: '  ' })).toMatchObject({ ok: false, field: 'host' });
    expect(toProfileInput({ ...emptyForm(), db: '-1' })).toMatchObject({ ok: false, field: 'db' });
  });

  it('editing without retyping the password omits it, so the stored one is kept', () => {
    const form = formFromProfile(saved);
    expect(form.password).toBe('');
    const r = toProfileInput(form);
    expect(r.ok && r.input).toMatchObject({ id: 'p1', host: 'cache.internal', port: 6380, username: 'app', readOnly: true, env: 'prod', pollIntervalMs: 2000 });
    expect(r.ok && 'password' in r.input).toBe(false);
  });

  it('a pasted URL without a password replaces a stored one (the URL states the whole address)', () => {
    const r = toProfileInput(applyUrl(formFromProfile(saved), 'redis://cache.internal:6380/3'));
    expect(r.ok && r.input.password).toBe('');
  });

  it('verification is on whenever TLS is off, and only TLS can turn it off', () => {
    const r = toProfileInput({ ...emptyForm(), tls: false, tlsVerify: false });
    expect(r.ok && r.input.tls).toEqual({ enabled: false, verify: true });
    const t = toProfileInput({ ...emptyForm(), tls: true, tlsVerify: false });
    expect(t.ok && t.input.tls).toEqual({ enabled: true, verify: false });
  });
});
