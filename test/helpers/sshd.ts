import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis-server';

/**
 * A private sshd for tests: Debian's /usr/sbin/sshd in the foreground (-D -e) on a free loopback
 * port, with its own config, host key, authorized_keys and pid file in a temp dir. No system sshd
 * or system file is touched, except that sshd run as root insists on its privilege-separation
 * directory /run/sshd (the Debian service creates it at boot): it is created, empty, if missing.
 * Password logins are off, except where `extraConfig` opens them in a Match block for one user
 * (ssh-password.test.ts, with a throwaway system user from system-user.ts).
 */
export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  dir: string;
  /** Unencrypted ed25519 key in authorized_keys. */
  keyFile: string;
  /** ed25519 key encrypted with `passphrase`, in authorized_keys. */
  encryptedKeyFile: string;
  passphrase: string;
  /** A valid key that is NOT in authorized_keys. */
  strangerKeyFile: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`: the host key as a known_hosts line. */
  knownHostsLine: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (SHA256:…). */
  fingerprint: string;
  /** SIGKILL sshd and every session it forked (as a crash or reboot of the SSH host would). */
  kill(): Promise<void>;
  /** Start it again on the same port, same keys. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function sshdBinary(): string {
  const bin = '/usr/sbin/sshd';
  if (!existsSync(bin)) throw new Error('sshd is not installed: run `sudo apt-get install -y openssh-server openssh-client`');
  return bin;
}

function keygen(file: string, passphrase = ''): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'cachescope-test', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** The processes whose parent is `pid`, recursively (sshd forks one per connection). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {}
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function waitForBanner(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('data', (d) => {
        sock.destroy();
        if (d.toString('latin1').startsWith('SSH-')) resolve();
        else reject(new Error(`port ${port} does not speak SSH`));
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startSshd(options: { extraConfig?: string[] } = {}): Promise<TestSshd> {
  const bin = sshdBinary();
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-sshd-'));
  const port = await freePort();
  const hostKey = path.join(dir, 'host_ed25519');
  const keyFile = path.join(dir, 'user_ed25519');
  const encryptedKeyFile = path.join(dir, 'user_encrypted');
  const strangerKeyFile = path.join(dir, 'stranger_ed25519');
  const passphrase = 'correct horse battery staple';
  keygen(hostKey);
  keygen(keyFile);
  keygen(encryptedKeyFile, passphrase);
  keygen(strangerKeyFile);
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${keyFile}.pub`, 'utf8') + readFileSync(`${encryptedKeyFile}.pub`, 'utf8'), { mode: 0o600 });
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      // The temp dir is not owned the way StrictModes wants; PAM would consult the system's config.
      'StrictModes no',
      'UsePAM no',
      // CI runs as root: let root log in, by key only.
      `PermitRootLogin ${isRoot ? 'prohibit-password' : 'no'}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AuthenticationMethods publickey',
      'AllowTcpForwarding yes',
      'AllowStreamLocalForwarding yes',
      'PermitTTY no',
      'LogLevel ERROR',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  const pub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
  const knownHostsLine = `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}`;
  const fingerprint = spawnSync('ssh-keygen', ['-lf', `${hostKey}.pub`], { encoding: 'utf8' }).stdout.split(/\s+/)[1] ?? '';

  let child: ChildProcess | null = null;
  const launch = async () => {
    child = spawn(bin, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const exited = new Promise<never>((_, reject) => child?.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${stderr}`))));
    await Promise.race([waitForBanner(port, 10_000), exited]);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.pid === undefined) return;
    const sessions = descendants(c.pid);
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    child = null;
  };
  await launch();
  return {
    host: '127.0.0.1',
    port,
    user: os.userInfo().username,
    dir,
    keyFile,
    encryptedKeyFile,
    passphrase,
    strangerKeyFile,
    knownHostsLine,
    fingerprint,
    kill: () => halt('SIGKILL'),
    restart: launch,
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private ssh-agent (foreground, own socket) holding the given keys. */
export async function startAgent(keys: string[]): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-agent-'));
  const socket = path.join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('ssh-agent did not create its socket');
    await new Promise((r) => setTimeout(r, 25));
  }
  for (const key of keys) {
    const r = spawnSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-add failed: ${r.stderr}`);
  }
  return {
    socket,
    async stop() {
      if (child.exitCode === null) await new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server with no TCP port at all, only a Unix socket in a temp dir (reachable only through SSH's stream-local forward). */
export async function startSocketRedis(): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-sockredis-'));
  const socket = path.join(dir, 'redis.sock');
  const child = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('redis-server did not create its socket');
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    socket,
    async stop() {
      if (child.exitCode === null) await new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
