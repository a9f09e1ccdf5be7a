import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_BIN } from './build-node';

const UNHANDLED_REDIS = '[ioredis] Unhandled error event';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the n-th stdout line (1-based) once it has been printed. */
  line(n: number): Promise<string>;
  done: Promise<CliResult>;
}

/** An environment without the runner's own REDIS_* settings, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^REDIS|^REDISCLI_/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Spawn the built CLI (`node bin/cachescope.js …`); killed after `timeoutMs` so a hang fails the test. */
export function startCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { n: number; resolve: (line: string) => void }[] = [];
  const flush = () => {
    const lines = stdout.split('\n');
    for (const w of [...waiters]) {
      if (lines.length > w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(lines[w.n - 1]!);
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    flush();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // The test reads stderr itself, so nobody would see this line: pass it on to the runner's
      // output, where npm test counts it (every client must handle its errors).
      if (stderr.includes(UNHANDLED_REDIS)) process.stderr.write(`cachescope ${args.join(' ')}:\n${stderr}\n`);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    line: (n) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ n, resolve });
        flush();
        void done.then((r) => reject(new Error(`the CLI exited (${r.code ?? r.signal}) before printing line ${n}; stderr: ${r.stderr}`)));
      }),
  };
}

export function runCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
