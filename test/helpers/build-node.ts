import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
export const CLI_BIN = path.join(root, 'bin', 'cachescope.js');
const ENTRY = path.join(root, 'out', 'electron', 'cli', 'main.js');
const LOCK = path.join(root, 'out', '.build-node.lock');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  if (!existsSync(ENTRY)) return false;
  const built = statSync(ENTRY).mtimeMs;
  return ['electron', 'shared'].every((d) => newestSourceMtime(path.join(root, d)) <= built);
}

/**
 * Compile electron/** and shared/** to out/ (unless out/ is newer than every source) so tests
 * can spawn the built CLI. A lock directory keeps two test workers from rewriting out/ while
 * the other spawns from it. Type errors elsewhere in a tree under active work are reported
 * but do not stop the build (tsc still emits); a missing CLI entry afterwards does.
 */
export function buildNode(): void {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${LOCK}: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (isFresh()) return;
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`tsc -p tsconfig.node.json reported errors:\n${r.stdout}${r.stderr}\n`);
    if (!existsSync(ENTRY)) throw new Error('The node build did not produce out/electron/cli/main.js');
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** vitest globalSetup: build once per run, before any worker starts. */
export default function setup(): void {
  buildNode();
  process.env.CACHESCOPE_NODE_BUILT = '1';
}

/** For test files: build unless the globalSetup already did (cheap when out/ is fresh). */
export function ensureNodeBuilt(): void {
  if (process.env.CACHESCOPE_NODE_BUILT !== '1') buildNode();
}
