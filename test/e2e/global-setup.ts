import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildNode } from '../helpers/build-node';

const root = path.resolve(__dirname, '..', '..');

/**
 * Build what the specs run: the Node side (bin/cachescope.js → out/electron) and the
 * renderer (out/renderer). CACHESCOPE_E2E_SKIP_BUILD=1 reuses an existing build.
 */
export default function globalSetup(): void {
  if (process.env.CACHESCOPE_E2E_SKIP_BUILD === '1') return;
  buildNode();
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}${r.stderr}`);
}
