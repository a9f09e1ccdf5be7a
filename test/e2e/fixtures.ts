import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';

const root = path.resolve(__dirname, '..', '..');
const CLI = path.join(root, 'bin', 'cachescope.js');
const URL_LINE = /Cachescope is serving at (http:\/\/\S+)/;

export interface ServeProcess {
  /** The printed URL, `http://127.0.0.1:PORT/#token=…`. */
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the process wrote so far (for failure messages). */
  output(): string;
  /** Stop the server early (to see the page lose its bridge); teardown then has nothing to do. */
  stop(): Promise<void>;
}

export interface E2eOptions {
  /**
   * What the default profile points at: the test's private redis, a port nobody listens on, or
   * (`rest-only`) nothing: no REDIS_URL, only serveEnv's Upstash REST variables, which must be given
   * (without them the default would be the machine's own localhost:6379).
   */
  defaultRedis: 'private' | 'closed-port' | 'rest-only';
  /** Extra redis-server arguments for the private server, e.g. ['--rename-command', 'FLUSHDB', '""']. */
  redisArgs: string[];
  /** `user:password` for the default profile (an ACL user made with redisArgs' `--user`), or ''. */
  defaultCredentials: string;
  /** Extra environment for `cachescope serve` (e.g. a lowered CACHESCOPE_AUTO_SCAN_MAX_KEYS). */
  serveEnv: Record<string, string>;
}

interface E2eFixtures {
  redis: TestRedis;
  serve: ServeProcess;
  /** A page opened on the printed URL (token in the fragment). */
  app: Page;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawn `cachescope serve --port 0` and wait for the URL line. */
async function startServe(env: Record<string, string>, dataDir: string): Promise<{ child: ChildProcess; serve: ServeProcess }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CACHESCOPE_DATA_DIR: dataDir, ...env };
  // Only the test decides the default profile's address (and the app's key prefix): the runner's own variables go.
  for (const k of ['REDIS_URL', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_ADDR', 'REDIS_PASSWORD', 'REDIS_USERNAME', 'REDIS_DB', 'REDIS_SENTINELS', 'REDIS_KEY_PREFIX', 'UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN'])
    if (!(k in env)) delete childEnv[k];
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cachescope serve printed no URL within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const m = URL_LINE.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cachescope serve exited (${code}) before printing its URL:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return {
    child,
    serve: { url, origin: parsed.origin, port: Number(parsed.port), token, dataDir, output: () => output, stop: () => stopProcess(child) },
  };
}

export const test = base.extend<E2eFixtures & E2eOptions>({
  defaultRedis: ['private', { option: true }],
  redisArgs: [[], { option: true }],
  defaultCredentials: ['', { option: true }],
  serveEnv: [{}, { option: true }],

  redis: async ({ redisArgs }, use) => {
    const redis = await startRedis(redisArgs);
    await use(redis);
    await redis.stop();
  },

  serve: async ({ redis, defaultRedis, defaultCredentials, serveEnv }, use, testInfo) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-e2e-'));
    const auth = defaultCredentials ? `${defaultCredentials}@` : '';
    if (defaultRedis === 'rest-only' && !serveEnv.UPSTASH_REDIS_REST_URL) throw new Error("defaultRedis 'rest-only' needs UPSTASH_REDIS_REST_URL in serveEnv");
    const redisUrl = defaultRedis === 'private' ? `redis://${auth}127.0.0.1:${redis.port}` : defaultRedis === 'closed-port' ? `redis://127.0.0.1:${await closedPort()}` : null;
    const { child, serve } = await startServe({ ...serveEnv, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) }, dataDir);
    await use(serve);
    await stopProcess(child);
    const output = serve.output();
    // Every Redis client in the app handles its errors: one that does not prints this line.
    const unhandled = output.split('\n').filter((l) => l.includes('[ioredis] Unhandled error event'));
    if (testInfo.status !== testInfo.expectedStatus || unhandled.length > 0) await testInfo.attach('serve-output', { body: output, contentType: 'text/plain' });
    rmSync(dataDir, { recursive: true, force: true });
    expect(unhandled, 'cachescope serve printed "[ioredis] Unhandled error event": a client without an error listener').toEqual([]);
  },

  app: async ({ page, serve }, use) => {
    await page.goto(serve.url);
    await use(page);
  },
});

export { expect };
