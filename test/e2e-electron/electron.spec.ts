import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { CachescopeApi } from '../../shared/contract/api';

/**
 * The desktop window itself. Everything behind it (core, contract, UI) is covered by the
 * serve-mode suite in test/e2e, which needs no Electron binary.
 */
test.skip(
  !process.env.ELECTRON_PATH,
  'ELECTRON_PATH not set: no Electron binary on this machine (downloads blocked); the serve-mode suite covers everything but the window',
);

const root = path.resolve(__dirname, '..', '..');
let app: ElectronApplication;
let win: Page;
let dataDir: string;

test.beforeAll(async () => {
  // The e2e global setup builds out/electron and out/renderer; the sandboxed preload is a separate bundle.
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.preload.config.mts', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`preload build failed:\n${built.stdout}${built.stderr}`);

  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-electron-e2e-'));
  // An inherited ELECTRON_RUN_AS_NODE would turn Electron into plain Node.
  const { ELECTRON_RUN_AS_NODE: _unused, ...env } = process.env;
  app = await electron.launch({
    executablePath: process.env.ELECTRON_PATH,
    args: [path.join(root, 'out', 'electron', 'main.js')],
    cwd: root,
    env: { ...env, CACHESCOPE_DATA_DIR: dataDir } as Record<string, string>,
  });
  win = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens on app://cachescope and shows the app title', async () => {
  await expect(win).toHaveTitle(/Cachescope/);
  expect(win.url()).toBe('app://cachescope/index.html');
  await expect(win.locator('#root')).not.toBeEmpty();
});

test('the window is locked down', async () => {
  // Electron 45 has no public getter for webPreferences (getLastWebPreferences is gone): the
  // options are unit-tested in electron-window-config.test.ts; here what a page can observe.
  const minSize = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getMinimumSize());
  expect(minSize).toEqual([1024, 700]);
  const page = await win.evaluate(async () => {
    // CSP and webSecurity: a fetch from app:// to another origin is refused; sandbox + no nodeIntegration: no Node globals.
    const crossOrigin = await fetch('http://127.0.0.1:1/').then(
      () => 'allowed',
      () => 'refused',
    );
    const g = globalThis as unknown as { require?: unknown; process?: unknown; Buffer?: unknown };
    return { crossOrigin, node: [typeof g.require, typeof g.process, typeof g.Buffer] };
  });
  expect(page).toEqual({ crossOrigin: 'refused', node: ['undefined', 'undefined', 'undefined'] });
});

test('the page sees the contract client only, and it reaches the core', async () => {
  const seen = await win.evaluate(async () => {
    const w = window as unknown as { cachescope: CachescopeApi; require?: unknown; process?: unknown; ipcRenderer?: unknown };
    return {
      keys: Object.keys(w.cachescope).sort(),
      require: typeof w.require,
      process: typeof w.process,
      ipcRenderer: typeof w.ipcRenderer,
      info: await w.cachescope.invoke('app.info', {}),
      unknown: await w.cachescope.invoke('nope' as 'app.info', {}),
    };
  });
  expect(seen.keys).toEqual(['invoke', 'on']);
  expect([seen.require, seen.process, seen.ipcRenderer]).toEqual(['undefined', 'undefined', 'undefined']);
  expect(seen.info).toMatchObject({ ok: true, value: { name: 'Cachescope', mode: 'desktop' } });
  expect(seen.unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
});

test('navigation and new windows are denied', async () => {
  await win.evaluate(() => {
    window.open('https://example.com/', '_blank');
    window.location.href = 'https://example.com/';
  });
  await win.waitForTimeout(500);
  expect(win.url()).toBe('app://cachescope/index.html');
  expect(app.windows()).toHaveLength(1);
});
