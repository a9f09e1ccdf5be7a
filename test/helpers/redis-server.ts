import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free loopback TCP port (bind to 0, read it, release it). */
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

/**
 * A port on 127.0.0.1 that refuses connections for the whole test. Not one from freePort: that
 * port is free only for a moment, and a parallel test's server (or any ephemeral bind) may take
 * it — a connection then meets an HTTP server or a Redis, not a refusal. Ports below 1024 are
 * never handed out as ephemeral ports, nothing here listens on these obsolete ones, and none
 * is on fetch's blocked-port list (which would fail a URL on it before connecting).
 */
export async function closedPort(): Promise<number> {
  for (const port of [3, 5, 24, 26, 27, 31]) if ((await portState(port)) === 'refused') return port;
  throw new Error('every candidate closed port (3, 5, 24, 26, 27, 31) on 127.0.0.1 accepts connections');
}

/** What a TCP connection to 127.0.0.1:port meets right now. */
export function portState(port: number): Promise<'open' | 'refused' | 'error'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'error'));
  });
}

export function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('redis-server is not installed: run `sudo apt-get install -y redis-server redis-tools`');
  return found;
}

export interface TestRedis {
  port: number;
  host: string;
  url: string;
  /** SIGKILL the server (as a crash would). */
  kill(): Promise<void>;
  /** Start it again on the same port with the same arguments. */
  restart(): Promise<void>;
  /** Send a signal to the running server, e.g. SIGSTOP to freeze it (SIGCONT to thaw it). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Start a private redis-server on a free loopback port: no persistence, its own temp dir.
 * `args` are extra redis-server arguments, e.g. ['--maxmemory', '2mb'] or
 * ['--requirepass', 's3cret'] or ['--rename-command', 'FLUSHDB', '""'].
 */
export async function startRedis(args: string[] = []): Promise<TestRedis> {
  const bin = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-redis-'));
  const fullArgs = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...args];
  let child: ChildProcess | null = null;
  const launch = async () => {
    child = spawn(bin, fullArgs, { stdio: 'ignore' });
    await waitForPort(port, 10_000);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
    child = null;
  };
  await launch();
  return {
    port,
    host: '127.0.0.1',
    url: `redis://127.0.0.1:${port}`,
    kill: () => halt('SIGKILL'),
    restart: launch,
    signal: (signal) => void (child as ChildProcess | null)?.kill(signal),
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
