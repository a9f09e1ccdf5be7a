import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * A throwaway system user with a password, for sshd's password authentication, which checks
 * /etc/shadow (with UsePAM no, no PAM stack is consulted). Only as root; no home directory, shell
 * nologin (a forward-only SSH login never runs it). The name is PREFIX + the creating pid, so users
 * left by a killed run are removed by the next one, and concurrent runs do not collide.
 */
const PREFIX = 'cs-sshpw-';

export interface SystemUser {
  name: string;
  password: string;
  remove(): void;
}

export const canCreateSystemUsers = (): boolean => process.getuid?.() === 0 && spawnSync('useradd', ['--help'], { stdio: 'ignore' }).status === 0;

/** useradd/chpasswd/userdel fail at once when another run holds /etc/passwd's lock: try again briefly. */
function shadowTool(cmd: string, args: string[], input?: string): void {
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
    if (r.status === 0) return;
    if (attempt >= 10 || !/lock/i.test(r.stderr)) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

function userdel(name: string): void {
  try {
    shadowTool('userdel', ['-f', name]);
  } catch {
    // Already gone; otherwise the next run's removeStaleUsers retries it.
  }
}

/**
 * Users a previous run could not remove (killed before its afterAll): those whose creating
 * process (the pid in the name) is gone. A run going on in another worktree keeps its user.
 */
export function removeStaleUsers(): void {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const name = line.split(':')[0] ?? '';
    if (name.startsWith(PREFIX) && !existsSync(`/proc/${name.slice(PREFIX.length)}`)) userdel(name);
  }
}

export function createSystemUser(): SystemUser {
  removeStaleUsers();
  const name = `${PREFIX}${process.pid}`;
  const password = randomBytes(12).toString('base64url');
  shadowTool('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', name]);
  try {
    // chpasswd -e takes a ready hash: the clear password never appears in a process list.
    const hash = execFileSync('openssl', ['passwd', '-6', '-stdin'], { input: password, encoding: 'utf8' }).trim();
    shadowTool('chpasswd', ['-e'], `${name}:${hash}\n`);
  } catch (e) {
    userdel(name);
    throw e;
  }
  return { name, password, remove: () => userdel(name) };
}
