/**
 * `redis-cli --latency` running beside a measurement: one PING every 10 ms on its own
 * connection, the round trip in whole milliseconds (redis-cli's resolution). Started before
 * the work, stopped after it; the figure is the maximum (and the average) over the whole run.
 * `--latency-history --raw` with a huge interval prints the running min/max/avg after each
 * sample; stdbuf makes those lines reach us as they are written.
 *
 * `cpus`: where the probe runs. With the server pinned (pin.mjs) it shares the server's core:
 * the probe stands for the app's clients, which in production sit on other machines, so it
 * must not wait behind Cachescope's client on the client core — only behind the server.
 */
import { pin } from './pin.mjs';
import { start, stop } from './proc.mjs';

export function startLatency(port, cpus = null) {
  const child = start('stdbuf', ['-oL', 'redis-cli', '-p', String(port), '--latency-history', '--raw', '-i', '100000'], { stdio: ['ignore', 'pipe', 'ignore'] });
  if (cpus) pin(child.pid, cpus);
  let last = null;
  let buf = '';
  let onFirst = null;
  const firstSample = new Promise((resolve) => (onFirst = resolve));
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const line of lines) {
      const m = /^(\d+) (\d+) ([\d.]+) (\d+)/.exec(line.trim());
      if (m) {
        last = { minMs: Number(m[1]), maxMs: Number(m[2]), avgMs: Number(m[3]), samples: Number(m[4]) };
        onFirst();
      }
    }
  });
  child.once('exit', () => onFirst());
  return {
    /** Resolves once the first sample is in (so the work starts under observation), 2 s at most. */
    ready: () => Promise.race([firstSample, new Promise((r) => setTimeout(r, 2000))]),
    /** Stop sampling; the figures since the start (null when no sample was taken). */
    async end() {
      await stop(child, 'SIGINT', 2000);
      return last;
    },
  };
}
