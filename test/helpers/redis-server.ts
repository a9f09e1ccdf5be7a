import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
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

export function waitForPort(port: number, timeoutMs: number): Promise<void> {
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
 * `count` distinct free loopback ports: all are bound at once before any is released, so no
 * two are the same (freePort called twice may hand out one port twice).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      srv.unref();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((srv) => (srv.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((resolve) => (srv.listening ? srv.close(() => resolve()) : resolve()))));
  }
}

/** Every redis process a helper started and has not seen exit: SIGKILLed if the test process exits first. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChildren) {
        try {
          c.kill('SIGKILL');
        } catch {}
      }
    });
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/**
 * One redis-server (or sentinel) process on a known port, that can be crashed, frozen and started
 * again with the same arguments. The building block of startRedis and of the cluster and sentinel
 * helpers (redis-cluster.ts, redis-sentinel.ts).
 */
export interface RedisProcess {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Started and not seen to exit (a SIGSTOPped process is still running: see `frozen`). */
  readonly running: boolean;
  /** SIGSTOPped through signal() and not SIGCONTed since. */
  readonly frozen: boolean;
  /** SIGKILL the process (as a crash would) and wait for it to be gone. */
  kill(): Promise<void>;
  /** Start it again on the same port with the same arguments. */
  restart(): Promise<void>;
  /** Send a signal to the running process, e.g. SIGSTOP to freeze it (SIGCONT to thaw it). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM (thawing it first if frozen) and wait for it to be gone; SIGKILL if it lingers. No-op when not running. */
  halt(): Promise<void>;
}

export interface LaunchOptions {
  /** The executable; redis-server by default. */
  bin?: string;
  /** Its whole argument list. */
  args: string[];
  /** The port it listens on: launch resolves once it accepts connections there. */
  port: number;
  /** The process's log file, if the arguments set one: its tail goes into a start failure's message. */
  logFile?: string;
  /** How long it may take to listen. */
  timeoutMs?: number;
}

/**
 * Whether process `pid` holds a socket listening on 127.0.0.1:port (or any address), per
 * /proc/net/tcp and its fds; null where /proc cannot tell (not Linux, no access).
 */
function ownsListener(pid: number, port: number): boolean | null {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return null;
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // local_address is ADDR:PORT in hex, st 0A is LISTEN, inode is the 10th column.
    if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
  }
  if (inodes.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
      } catch {
        return false;
      }
    });
  } catch {
    return null;
  }
}

/**
 * Resolve once `child` itself listens on `port`. A bare connect would also succeed against
 * someone else who took the port between freePort and the spawn (the child then exits with
 * "Address already in use", which the caller sees); where /proc cannot tell, a connect is it.
 */
async function waitForOwnListener(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owns = child.pid === undefined ? null : ownsListener(child.pid, port);
    if (owns === null) return waitForPort(port, Math.max(0, deadline - Date.now()));
    if (owns) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function tail(file: string | undefined, lines = 15): string {
  if (!file) return '';
  try {
    return `\n--- last lines of ${file} ---\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

/**
 * Whether a launchRedis failure is the port being taken by someone else between freePort and
 * the bind (the log says so: launch with `logFile`). Starting again on a fresh port then works.
 */
export function isPortClash(e: unknown): boolean {
  return e instanceof Error && /exited/.test(e.message) && /Address already in use/.test(e.message);
}

/** Spawn a redis process and resolve once it listens on `port`; reject if it exits first. */
export async function launchRedis(options: LaunchOptions): Promise<RedisProcess> {
  const { bin = redisServerBinary(), args, port, logFile, timeoutMs = 20_000 } = options;
  let child: ChildProcess | null = null;
  let frozen = false;
  const launch = async () => {
    if (child && child.exitCode === null && child.signalCode === null) throw new Error(`the process on ${port} is still running`);
    const c = spawn(bin, args, { stdio: 'ignore' });
    child = c;
    frozen = false;
    track(c);
    const exited = new Promise<never>((_, reject) => {
      c.once('exit', (code, signal) => reject(new Error(`${path.basename(bin)} on port ${port} exited (${signal ?? `code ${code}`}) before it listened${tail(logFile)}`)));
      c.once('error', reject);
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([waitForOwnListener(c, port, timeoutMs), exited]);
    } catch (e) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      throw new Error(`${(e as Error).message}${/exited/.test((e as Error).message) ? '' : tail(logFile)}`, { cause: e });
    }
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const lingering = setTimeout(() => c.kill('SIGKILL'), 15_000);
      c.once('exit', () => {
        clearTimeout(lingering);
        resolve();
      });
      c.kill(signal);
      // A SIGSTOPped process keeps a SIGTERM pending until it is thawed.
      if (signal !== 'SIGKILL' && frozen) c.kill('SIGCONT');
    });
    child = null;
    frozen = false;
  };
  await launch();
  return {
    host: '127.0.0.1',
    port,
    get running() {
      const c = child as ChildProcess | null;
      return !!c && c.exitCode === null && c.signalCode === null;
    },
    get frozen() {
      return frozen;
    },
    kill: () => stopWith('SIGKILL'),
    restart: launch,
    signal(signal) {
      const c = child as ChildProcess | null;
      if (!c) return;
      c.kill(signal);
      if (signal === 'SIGSTOP') frozen = true;
      if (signal === 'SIGCONT') frozen = false;
    },
    halt: () => stopWith('SIGTERM'),
  };
}

/**
 * Start a private redis-server on a free loopback port: no persistence, its own temp dir.
 * `args` are extra redis-server arguments, e.g. ['--maxmemory', '2mb'] or
 * ['--requirepass', 's3cret'] or ['--rename-command', 'FLUSHDB', '""'].
 */
export async function startRedis(args: string[] = []): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-redis-'));
  const logFile = path.join(dir, 'redis.log');
  let port = 0;
  let proc: RedisProcess | undefined;
  try {
    for (let attempt = 1; !proc; attempt++) {
      port = await freePort();
      const fullArgs = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no', ...args];
      proc = await launchRedis({ args: fullArgs, port, logFile, timeoutMs: 10_000 }).catch((e) => {
        if (attempt < 3 && isPortClash(e)) return undefined;
        throw e;
      });
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const server = proc;
  return {
    port,
    host: '127.0.0.1',
    url: `redis://127.0.0.1:${port}`,
    kill: () => server.kill(),
    restart: () => server.restart(),
    signal: (signal) => server.signal(signal),
    async stop() {
      await server.halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
