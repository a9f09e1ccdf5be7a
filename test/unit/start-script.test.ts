import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs script without type declarations
import { findElectronBinary } from '../../scripts/start.mjs';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/start.mjs');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cachescope-start-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Runs start.mjs; resolves once `ready` matches stdout, then sends SIGINT to start.mjs only. */
function startAndInterrupt(env: NodeJS.ProcessEnv, args: string[], ready: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`timeout; stdout=${stdout} stderr=${stderr}`))), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (!interrupted && ready.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('findElectronBinary', () => {
  it('uses ELECTRON_PATH when it exists, else nothing', async () => {
    const bin = path.join(tmp, 'my-electron');
    await writeFile(bin, '');
    expect(findElectronBinary({ ELECTRON_PATH: bin }, tmp)).toBe(bin);
    expect(findElectronBinary({ ELECTRON_PATH: path.join(tmp, 'missing') }, tmp)).toBeNull();
  });

  it('reads node_modules/electron/path.txt and requires the file under dist/', async () => {
    const project = path.join(tmp, 'project');
    await mkdir(path.join(project, 'node_modules/electron/dist'), { recursive: true });
    expect(findElectronBinary({}, project)).toBeNull(); // no path.txt: the package never downloaded
    await writeFile(path.join(project, 'node_modules/electron/path.txt'), 'electron');
    expect(findElectronBinary({}, project)).toBeNull(); // path.txt without the binary
    await writeFile(path.join(project, 'node_modules/electron/dist/electron'), '');
    expect(findElectronBinary({}, project)).toBe(path.join(project, 'node_modules/electron/dist/electron'));
  });
});

describe('npm start', () => {
  it('runs Electron on the project dir with extra args, without ELECTRON_RUN_AS_NODE, and forwards SIGINT', async () => {
    const fake = path.join(tmp, 'fake-electron');
    await writeFile(
      fake,
      `#!${process.execPath}
process.on('SIGINT', () => { console.log('fake got SIGINT'); process.exit(0); });
console.log('fake electron ' + JSON.stringify({ args: process.argv.slice(2), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));
setInterval(() => {}, 1000);
`,
    );
    await chmod(fake, 0o755);
    const r = await startAndInterrupt({ ELECTRON_PATH: fake, ELECTRON_RUN_AS_NODE: '1' }, ['--flag'], /fake electron/);
    expect(r.stdout).toContain(`fake electron ${JSON.stringify({ args: [root, '--flag'], runAsNode: null })}`);
    expect(r.stdout).toContain('fake got SIGINT');
    expect(r.stdout).not.toContain('serve mode');
    expect(r.code).toBe(0);
  });

  it.skipIf(!existsSync(path.join(root, 'out/electron/cli/main.js')))(
    'falls back to serve mode with one line, passes args, and stops cleanly on SIGINT',
    async () => {
      const r = await startAndInterrupt(
        { ELECTRON_PATH: path.join(tmp, 'missing'), CACHESCOPE_DATA_DIR: path.join(tmp, 'data') },
        ['--port', '0'],
        /Cachescope is serving at http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/,
      );
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('Electron binary not found (downloads are blocked here) — starting serve mode instead.');
      expect(r.stdout).not.toMatch(/:7379\//); // --port 0 reached the CLI
      expect(r.code, r.stderr).toBe(0);
    },
    30_000,
  );
});
