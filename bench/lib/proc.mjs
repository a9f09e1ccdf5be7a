/**
 * Child processes of the benchmark: every one is tracked so that an error, Ctrl-C or a normal
 * exit ends exactly the processes this run started (by pid), and nothing else.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const children = new Set();

/** spawn() with tracking; stdio piped unless told otherwise. */
export function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

/** Run to completion: { code, signal, stdout, stderr, ms }. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = start(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Stop one child we started: SIGTERM (or `signal`), SIGKILL after `graceMs`. */
export function stop(child, signal = 'SIGTERM', graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** Synchronous last resort (process 'exit'): SIGKILL whatever is still running. */
export function killAllSync() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

export async function stopAll() {
  await Promise.all([...children].map((c) => stop(c)));
}

/**
 * A worker speaking JSON lines on stdout: `next(event)` resolves with the next message of that
 * event (rejects if the worker exits first); `send(obj)` writes one line to its stdin.
 */
export function worker(cmd, args, options = {}) {
  const child = start(cmd, args, options);
  const queue = [];
  const waiters = [];
  let stderr = '';
  let exited = null;
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const settle = () => {
    for (let i = 0; i < waiters.length; ) {
      const w = waiters[i];
      const at = queue.findIndex((m) => w.events.includes(m.event));
      if (at >= 0) {
        waiters.splice(i, 1);
        w.resolve(queue.splice(at, 1)[0]);
      } else if (exited) {
        waiters.splice(i, 1);
        w.reject(new Error(`${args.join(' ')} exited (${exited.code ?? exited.signal}) before "${w.events.join('|')}":\n${stderr.slice(-4000)}`));
      } else i++;
    }
  };
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours (a library printing something)
    }
    if (msg && typeof msg.event === 'string') {
      queue.push(msg);
      settle();
    }
  });
  child.once('close', (code, signal) => {
    exited = { code, signal };
    settle();
  });
  return {
    child,
    stderr: () => stderr,
    next(...events) {
      return new Promise((resolve, reject) => {
        waiters.push({ events, resolve, reject });
        settle();
      });
    },
    send(obj) {
      if (child.stdin.writable) child.stdin.write(`${JSON.stringify(obj)}\n`);
    },
    done() {
      return new Promise((resolve) => (exited ? resolve(exited) : child.once('close', (code, signal) => resolve({ code, signal }))));
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
