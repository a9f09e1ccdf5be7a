import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * A throwaway system user with a password, for sshd's password authentication, which checks
 * /etc/shadow (with UsePAM no, no PAM stack is consulted). Only as root; no home directory, shell
 * nologin (a forward-only SSH login never runs it). The name carries PREFIX so users left by a
 * killed run are removed by the next one.
 */
const PREFIX = 'cs-sshpw-';

export interface SystemUser {
  name: string;
  password: string;
  remove(): void;
}

export const canCreateSystemUsers = (): boolean => process.getuid?.() === 0 && spawnSync('useradd', ['--help'], { stdio: 'ignore' }).status === 0;

function userdel(name: string): void {
  spawnSync('userdel', ['-f', name], { stdio: 'ignore' });
}

/** Users a previous run could not remove (killed before its afterAll). */
export function removeStaleUsers(): void {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const name = line.split(':')[0] ?? '';
    if (name.startsWith(PREFIX)) userdel(name);
  }
}

export function createSystemUser(): SystemUser {
  removeStaleUsers();
  const name = `${PREFIX}${process.pid}`;
  const password = randomBytes(12).toString('base64url');
  execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', name], { stdio: 'ignore' });
  try {
    // chpasswd -e takes a ready hash: the clear password never appears in a process list.
    const hash = execFileSync('openssl', ['passwd', '-6', '-stdin'], { input: password, encoding: 'utf8' }).trim();
    execFileSync('chpasswd', ['-e'], { input: `${name}:${hash}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (e) {
    userdel(name);
    throw e;
  }
  return { name, password, remove: () => userdel(name) };
}
