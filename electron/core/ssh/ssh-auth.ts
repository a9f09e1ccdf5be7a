import { readFileSync } from 'node:fs';
import { utils, type ConnectConfig } from 'ssh2';
import type { ResolvedSsh } from '../profile/profile';
import { SshError } from './ssh-error';

/** What authenticates us, for ssh2 and for words: "the key /home/me/.ssh/id_ed25519". */
export interface SshAuth {
  config: Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent' | 'password' | 'tryKeyboard'>;
  describe: string;
}

/** Read the key file (in main only) and check it opens before any network traffic, in words. */
export function sshAuth(ssh: ResolvedSsh, env: NodeJS.ProcessEnv = process.env): SshAuth {
  if (ssh.auth === 'password') {
    if (!ssh.password) throw new SshError('SSH_AUTH_FAILED', `No SSH password is set for ${ssh.username}@${ssh.host}: enter it in the connection.`, true);
    return { config: { password: ssh.password, tryKeyboard: true }, describe: 'the password' };
  }
  if (ssh.auth === 'agent') {
    const agent = env.SSH_AUTH_SOCK;
    if (!agent) throw new SshError('SSH_AUTH_FAILED', 'No ssh-agent is running (SSH_AUTH_SOCK is not set): start one and add your key (ssh-add), or choose a key file.', true);
    return { config: { agent }, describe: "the ssh-agent's keys" };
  }
  const file = ssh.keyFile ?? '';
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (e) {
    throw new SshError('SSH_AUTH_FAILED', `Cannot read the SSH key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, true);
  }
  const parsed = utils.parseKey(key, ssh.passphrase);
  if (parsed instanceof Error) {
    // The message names the file only, never its contents.
    const encrypted = /encrypted/i.test(parsed.message) && /no passphrase/i.test(parsed.message);
    const message = encrypted
      ? `The SSH key file ${file} is encrypted: enter its passphrase.`
      : /passphrase|decrypt|bad decrypt/i.test(parsed.message)
        ? `Wrong passphrase for the SSH key file ${file}.`
        : `The SSH key file ${file} is not a private key ssh2 can read (${parsed.message}).`;
    throw new SshError('SSH_AUTH_FAILED', message, true);
  }
  return { config: { privateKey: key, ...(ssh.passphrase ? { passphrase: ssh.passphrase } : {}) }, describe: `the key ${file}` };
}
