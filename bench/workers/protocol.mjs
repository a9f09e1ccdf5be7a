/** Worker side of bench/lib/proc.mjs worker(): JSON lines out, JSON-line commands in. */
import readline from 'node:readline';

export function emit(event, data = {}) {
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
}

const inbox = [];
const waiting = [];
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  const w = waiting.findIndex((x) => x.cmds.includes(msg.cmd));
  if (w >= 0) waiting.splice(w, 1)[0].resolve(msg);
  else inbox.push(msg);
});

/** The next command among `cmds` sent by the orchestrator. */
export function command(...cmds) {
  const at = inbox.findIndex((m) => cmds.includes(m.cmd));
  if (at >= 0) return Promise.resolve(inbox.splice(at, 1)[0]);
  return new Promise((resolve) => waiting.push({ cmds, resolve }));
}

export function mem() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

export function gcNow() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}
