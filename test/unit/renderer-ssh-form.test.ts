import { describe, expect, it } from 'vitest';
import { emptySsh, sshFromView, toSshInput, unknownHostKey } from '../../renderer/src/shell/connection-form/ssh-form';

describe('connection form: SSH section', () => {
  const on = { ...emptySsh(), enabled: true, host: 'bastion.example.com', username: 'deploy' };

  it('never turned on: no ssh in the profile', () => {
    expect(toSshInput(emptySsh())).toEqual({ ok: true, ssh: undefined });
  });

  it('checks what SSH needs, naming the field', () => {
    expect(toSshInput({ ...on, host: ' ' })).toMatchObject({ ok: false, field: 'ssh-host' });
    expect(toSshInput({ ...on, port: '70000' })).toMatchObject({ ok: false, field: 'ssh-port' });
    expect(toSshInput({ ...on, auth: 'key' })).toMatchObject({ ok: false, field: 'ssh-key-file' });
    expect(toSshInput({ ...on, jump: 'nouser.example.com' })).toMatchObject({ ok: false, field: 'ssh-jump' });
    expect(toSshInput({ ...on, redisSocket: 'relative.sock' })).toMatchObject({ ok: false, field: 'ssh-redis-socket' });
  });

  it('builds the profile input; a jump host as user@host[:port]', () => {
    expect(toSshInput({ ...on, auth: 'key', keyFile: '/k', passphrase: 'p', jump: 'me@[::1]:2200' })).toEqual({
      ok: true,
      ssh: { enabled: true, host: 'bastion.example.com', port: 22, username: 'deploy', auth: 'key', keyFile: '/k', passphrase: 'p', password: '', jump: { username: 'me', host: '::1', port: 2200 } },
    });
  });

  it('editing: empty secret boxes keep the stored ones (omitted), a duplicate does not copy them', () => {
    const view = { enabled: true, host: 'b', port: 22, username: 'u', auth: 'key' as const, keyFile: '/k', hasPassphrase: true, hasPassword: false };
    const edited = toSshInput(sshFromView(view));
    expect(edited.ok && edited.ssh).not.toHaveProperty('passphrase');
    const copied = toSshInput(sshFromView(view, false));
    expect(copied.ok && copied.ssh).toHaveProperty('passphrase', '');
  });

  it('reads the host and fingerprint to confirm from the core’s words', () => {
    const fp = `SHA256:${'a'.repeat(43)}`;
    expect(unknownHostKey(`The SSH host root@[127.0.0.1]:2222 is not known: its ssh-ed25519 key fingerprint is ${fp}. Check…`)).toEqual({ host: '127.0.0.1', port: 2222, fingerprint: fp });
    expect(unknownHostKey(`The jump host me@jump.example.com is not known: its ssh-rsa key fingerprint is ${fp}.`)).toEqual({ host: 'jump.example.com', port: 22, fingerprint: fp });
    expect(unknownHostKey('Wrong password')).toBeNull();
  });
});
