import { describe, expect, it } from 'vitest';
import { ProfileSaveArgs, type ProfileView } from '../../shared/contract/profiles';
import { emptyForm, formFromProfile, toProfileInput } from '../../renderer/src/shell/connection-form/form-model';

const withTls = (files: Partial<ReturnType<typeof emptyForm>['tlsFiles']>, tls = true) => ({ ...emptyForm(), tls, tlsFiles: { ...emptyForm().tlsFiles, ...files } });

describe('connection form: TLS files and server name', () => {
  it('sends the CA, client certificate, key and SNI name as paths the contract accepts', () => {
    const r = toProfileInput(withTls({ caFile: ' /etc/ssl/ca.pem ', certFile: '/k/client.crt', keyFile: '/k/client.key', servername: 'redis.example.com' }));
    expect(r.ok && r.input.tls).toEqual({ enabled: true, verify: true, caFile: '/etc/ssl/ca.pem', certFile: '/k/client.crt', keyFile: '/k/client.key', servername: 'redis.example.com' });
    if (r.ok) expect(ProfileSaveArgs.safeParse(r.input).success).toBe(true);
  });

  it('drops the files when TLS is off, so a plain connection never names them', () => {
    const r = toProfileInput(withTls({ caFile: '/etc/ssl/ca.pem' }, false));
    expect(r.ok && r.input.tls).toEqual({ enabled: false, verify: true });
  });

  it('refuses a relative path, naming the field', () => {
    expect(toProfileInput(withTls({ caFile: 'ca.pem' }))).toMatchObject({ ok: false, field: 'tls-ca-file', message: expect.stringMatching(/full path/) });
  });

  it('refuses a client certificate without its key, and a key without its certificate', () => {
    expect(toProfileInput(withTls({ certFile: '/k/c.crt' }))).toMatchObject({ ok: false, field: 'tls-key-file' });
    expect(toProfileInput(withTls({ keyFile: '/k/c.key' }))).toMatchObject({ ok: false, field: 'tls-cert-file' });
  });

  it('refuses a server name that is not a host name', () => {
    expect(toProfileInput(withTls({ servername: 'redis example' }))).toMatchObject({ ok: false, field: 'tls-servername' });
  });

  it('shows a saved profile’s files again when it is edited', () => {
    const view: ProfileView = {
      id: 'p', name: 'cloud', host: 'h', port: 6380, hasPassword: false, db: 0,
      tls: { enabled: true, verify: true, caFile: '/ca.pem', servername: 'sni.example' },
      connectTimeoutMs: 5000, readOnly: false, env: 'dev', color: '#3fb950', pollIntervalMs: 1000,
      source: 'saved', kind: 'standalone', seeds: [], pinNode: false, natMap: [],
    };
    const f = formFromProfile(view);
    expect(f.tlsFiles).toEqual({ caFile: '/ca.pem', certFile: '', keyFile: '', servername: 'sni.example' });
    const r = toProfileInput(f);
    expect(r.ok && r.input.tls).toEqual(view.tls);
  });
});
