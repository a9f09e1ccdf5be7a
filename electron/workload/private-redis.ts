import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CoreError } from '../core/errors';

/**
 * A throwaway redis-server for the demo: found on PATH, on a free loopback port, no persistence,
 * its own temp directory, stopped (and its directory removed) by `stop()` — or, at the latest,
 * when this process exits. A demo killed outright (SIGKILL) cannot clean up: the next demo
 * stops the server it left behind.
 */
export interface PrivateRedis {
  host: '127.0.0.1';
  port: number;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Bytes; 0 = no limit. */
  maxmemory?: number;
  maxmemoryPolicy?: string;
  env?: NodeJS.ProcessEnv;
}

export const INSTALL_HINT =
  'redis-server was not found on PATH. Install it — Debian/Ubuntu: sudo apt-get install -y redis-server; ' +
  'Fedora: sudo dnf install -y redis; macOS: brew install redis — or point the demo at a server you run with --url.';

export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | null {
  const names = process.platform === 'win32' ? ['redis-server.exe'] : ['redis-server'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

const DIR_PREFIX = 'cachescope-demo-redis-';
const OWNER_FILE = 'owner.json';

interface Owner {
  ownerPid: number;
  redisPid: number;
  port: number;
}

/** A live process; an exited one its parent has not reaped yet (a zombie, state Z) is not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Only where the process table says so (Linux): a reused pid must never be killed by mistake. */
function isDemoRedis(pid: number, port: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('redis-server') && cmdline.includes(`:${port}`);
  } catch {
    return false;
  }
}

/** Stop redis-servers of earlier demos whose process died without cleaning up, and remove their folders. */
export function reapOrphans(tmp = os.tmpdir()): number {
  let reaped = 0;
  let names: string[];
  try {
    names = readdirSync(tmp).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as Owner;
    } catch {
      continue;
    }
    if (![owner.ownerPid, owner.redisPid, owner.port].every(Number.isSafeInteger) || isAlive(owner.ownerPid)) continue;
    if (isAlive(owner.redisPid)) {
      if (!isDemoRedis(owner.redisPid, owner.port)) continue;
      process.kill(owner.redisPid, 'SIGTERM');
      reaped++;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return reaped;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** PING until PONG: the port accepting connections is not enough while Redis is still loading. */
function waitUntilReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error('exited'));
      const sock = net.connect(port, '127.0.0.1');
      let reply = '';
      const retry = () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`did not answer on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      };
      sock.on('connect', () => sock.write('PING\r\n'));
      sock.on('data', (d) => {
        reply += d.toString('latin1');
        if (reply.includes('\r\n')) {
          sock.destroy();
          if (reply.startsWith('+PONG')) resolve();
          else retry();
        }
      });
      sock.on('error', retry);
    };
    attempt();
  });
}

function logTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' | ');
  } catch {
    return '';
  }
}

export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  return startRedisNode(options, () => []);
}

/**
 * One private redis-server, the building block of startPrivateRedis and of the demo's cluster
 * (private-cluster.ts): `more(dir, port)` adds arguments once its folder and port are chosen.
 */
export async function startRedisNode(options: PrivateRedisOptions, more: (dir: string, port: number) => Promise<string[]> | string[]): Promise<PrivateRedis> {
  const binary = findRedisServer(options.env);
  if (!binary) throw new CoreError('UNSUPPORTED', INSTALL_HINT);
  reapOrphans();
  let lastError = '';
  // A free port can be taken between our probe and redis-server's bind: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
    const logfile = path.join(dir, 'redis.log');
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', logfile];
    if (options.maxmemory) args.push('--maxmemory', String(options.maxmemory));
    if (options.maxmemoryPolicy) args.push('--maxmemory-policy', options.maxmemoryPolicy);
    args.push(...(await more(dir, port)));
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop it after the workload.
    const child = spawn(binary, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    if (child.pid !== undefined) writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, redisPid: child.pid, port } satisfies Owner));
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    try {
      await Promise.race([waitUntilReady(port, child, 10_000), spawnError]);
    } catch (e) {
      lastError = logTail(logfile) || (e as Error).message;
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    let stopping: Promise<void> | null = null;
    return {
      host: '127.0.0.1',
      port,
      pid: child.pid!,
      url: `redis://127.0.0.1:${port}`,
      stop: () =>
        (stopping ??= new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(force);
            process.off('exit', killOnExit);
            rmSync(dir, { recursive: true, force: true });
            resolve();
          };
          const force = setTimeout(() => child.kill('SIGKILL'), 5000);
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        })),
    };
  }
  throw new CoreError('INTERNAL', `Could not start redis-server (${binary}): ${lastError}`);
}
