/**
 * A private sshd for the `ssh` section (as test/helpers/sshd.ts does for the tests): Debian's
 * /usr/sbin/sshd in the foreground on a free loopback port, its own config, host key,
 * authorized key, known_hosts and pid file in the benchmark's temp dir; key login only. No system
 * sshd or file is touched (as root, sshd wants /run/sshd: created, empty, if missing).
 * `cpuSeconds()` reads /proc/<pid>/stat of the listener: its own time plus its reaped children's
 * (cutime + cstime), i.e. every per-connection sshd once that connection has ended.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { start, stop } from './proc.mjs';

const SSHD = '/usr/sbin/sshd';
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function keygen(file) {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cachescope-bench', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function banner(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('data', () => (sock.destroy(), resolve()));
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** utime + stime + cutime + cstime of a process, in seconds. */
export function procCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is f[0], so utime (field 14) is f[11] … cstime (17) is f[14].
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS;
}

/** The processes whose parent is `pid` (sshd forks one per connection). */
export function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function startSshd(dir) {
  if (!existsSync(SSHD)) throw new Error('sshd is not installed (apt-get install openssh-server)');
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const hostKey = path.join(dir, 'host_ed25519');
  const keyFile = path.join(dir, 'user_ed25519');
  keygen(hostKey);
  keygen(keyFile);
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${keyFile}.pub`, 'utf8'), { mode: 0o600 });
  const pub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
  const knownHostsFile = path.join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}\n`);
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      `PermitRootLogin ${isRoot ? 'prohibit-password' : 'no'}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'PermitTTY no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = start(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${stderr}`))));
  await Promise.race([banner(port, 10_000), exited]);
  return {
    host: '127.0.0.1',
    port,
    pid: child.pid,
    username: os.userInfo().username,
    keyFile,
    knownHostsFile,
    cpuSeconds: () => procCpuSeconds(child.pid),
    /** Resolves once no per-connection sshd is left (their CPU is then in cutime/cstime). */
    async sessionsGone(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (childrenOf(child.pid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return childrenOf(child.pid).length === 0;
    },
    stop: () => stop(child),
  };
}
