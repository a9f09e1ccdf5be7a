import type { ProfileInput, SshAuthMethod, SshView } from '../../../../shared/contract/profiles';

/** The SSH part of the connection form, as its inputs hold it (strings; parsed on submit). */
export interface SshFormModel {
  enabled: boolean;
  host: string;
  port: string;
  username: string;
  auth: SshAuthMethod;
  keyFile: string;
  passphrase: string;
  /** Editing a profile with a stored passphrase/password: an empty box keeps it. */
  keepsStoredPassphrase: boolean;
  password: string;
  keepsStoredPassword: boolean;
  /** `user@host[:port]`, empty for none. */
  jump: string;
  redisSocket: string;
}

export function emptySsh(): SshFormModel {
  return { enabled: false, host: '', port: '22', username: '', auth: 'agent', keyFile: '', passphrase: '', keepsStoredPassphrase: false, password: '', keepsStoredPassword: false, jump: '', redisSocket: '' };
}

export function sshFromView(v: SshView | undefined, keepSecrets = true): SshFormModel {
  if (!v) return emptySsh();
  return {
    enabled: v.enabled,
    host: v.host,
    port: String(v.port),
    username: v.username,
    auth: v.auth,
    keyFile: v.keyFile ?? '',
    passphrase: '',
    keepsStoredPassphrase: keepSecrets && v.hasPassphrase,
    password: '',
    keepsStoredPassword: keepSecrets && v.hasPassword,
    jump: v.jump ? `${v.jump.username}@${v.jump.port === 22 ? v.jump.host : `${v.jump.host}:${v.jump.port}`}` : '',
    redisSocket: v.redisSocket ?? '',
  };
}

export type SshResult = { ok: true; ssh: ProfileInput['ssh'] } | { ok: false; field: string; message: string };

/** Validate the SSH section and build the profile's `ssh` (undefined when never turned on). */
export function toSshInput(s: SshFormModel): SshResult {
  if (!s.enabled && s.host.trim() === '') return { ok: true, ssh: undefined };
  const port = /^\d+$/.test(s.port.trim()) ? Number(s.port.trim()) : NaN;
  if (s.enabled) {
    if (s.host.trim() === '') return { ok: false, field: 'ssh-host', message: 'Enter the SSH host.' };
    if (!(port >= 1 && port <= 65535)) return { ok: false, field: 'ssh-port', message: 'SSH port must be a number from 1 to 65535.' };
    if (s.username.trim() === '') return { ok: false, field: 'ssh-username', message: 'Enter the SSH user.' };
    if (s.auth === 'key' && s.keyFile.trim() === '') return { ok: false, field: 'ssh-key-file', message: 'Enter the path of the private key file (on this computer).' };
    if (s.redisSocket.trim() !== '' && !s.redisSocket.trim().startsWith('/')) return { ok: false, field: 'ssh-redis-socket', message: 'The socket must be an absolute path on the SSH host.' };
  }
  let jump: { host: string; port: number; username: string } | undefined;
  if (s.jump.trim() !== '') {
    const m = /^([^@\s]+)@(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(s.jump.trim());
    const jumpPort = m?.[3] ? Number(m[3]) : 22;
    if (!m || jumpPort < 1 || jumpPort > 65535) return { ok: false, field: 'ssh-jump', message: 'Jump host: user@host[:port].' };
    jump = { username: m[1] as string, host: (m[2] as string).replace(/^\[|\]$/g, ''), port: jumpPort };
  }
  const ssh: NonNullable<ProfileInput['ssh']> = {
    enabled: s.enabled,
    host: s.host.trim(),
    port: Number.isFinite(port) && port >= 1 && port <= 65535 ? port : 22,
    username: s.username.trim(),
    auth: s.auth,
    ...(s.keyFile.trim() !== '' ? { keyFile: s.keyFile.trim() } : {}),
    ...(jump ? { jump } : {}),
    ...(s.redisSocket.trim() !== '' ? { redisSocket: s.redisSocket.trim() } : {}),
  };
  // Omitted = keep the stored secret (edit); otherwise what is typed, even empty (= none).
  if (s.passphrase !== '' || !s.keepsStoredPassphrase) ssh.passphrase = s.passphrase;
  if (s.password !== '' || !s.keepsStoredPassword) ssh.password = s.password;
  return { ok: true, ssh };
}

/** An SSH_HOST_KEY_UNKNOWN message names the host (`user@[host]:port`) and the fingerprint: what to confirm. */
export function unknownHostKey(message: string): { host: string; port: number; fingerprint: string } | null {
  const fp = /SHA256:[A-Za-z0-9+/]{43}/.exec(message)?.[0];
  const where = /@(\[[^\]]+\]:\d+|[^\s@]+) is not known/.exec(message)?.[1];
  if (!fp || !where) return null;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(where);
  return bracketed ? { host: bracketed[1] as string, port: Number(bracketed[2]), fingerprint: fp } : { host: where, port: 22, fingerprint: fp };
}
