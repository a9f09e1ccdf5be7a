// Composition root of the desktop app: the only main-process module that touches Electron
// besides the adapters it wires. The core arrives ready-made to the IPC adapter.
import { BrowserWindow, Notification, app, dialog, ipcMain, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { notificationFor } from './core/alerts/messages';
import { createCore, type Core } from './core/core';
import { defaultDataDir } from './core/data-dir';
import { appVersion } from './core/version';
import { startDemo } from './workload/demo';
import { createAppProtocolHandler } from './desktop/app-protocol';
import { createElectronDialogs } from './desktop/dialogs';
import { createSafeStorageBox } from './desktop/safe-storage-box';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  isAllowedExternalUrl,
  preloadPathFrom,
  rendererDirFrom,
  windowOptions,
} from './desktop/window-config';
import { installProcessGuards } from './process-guards';
import { registerIpcTransport } from './transports/ipc';

/** A Redis server that stops answering must not keep the app from quitting. */
const CORE_CLOSE_TIMEOUT_MS = 3000;

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let disposeIpc: (() => void) | null = null;

function openExternally(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

/** Applied to every webContents: no navigation, no new windows, no <webview>. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(preloadPathFrom(__dirname)));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(dataDir: string): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDirFrom(__dirname)));

  // safeStorage can only tell whether the OS keychain works once the app is ready.
  const secrets = await createSafeStorageBox(safeStorage, dataDir);
  if (secrets.kind !== 'safe-storage') console.warn(`Cachescope: saved passwords are encrypted with a ${secrets.kind}`);

  // Files the core reads or writes for the renderer are chosen here, in main's dialogs (invariant 12).
  const dialogs = createElectronDialogs(dialog, () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null));
  const created = createCore({ dataDir, secrets, mode: 'desktop', version: appVersion(), dialogs, startDemo });
  core = created;
  // One OS notification per firing: the core emits 'fired' once when an alert starts, never per sample.
  created.on('alert.event', (event) => {
    const note = notificationFor(event);
    if (note && Notification.isSupported()) new Notification(note).show();
  });
  disposeIpc = registerIpcTransport({
    ipcMain,
    core: created,
    webContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
  });
  createWindow();
}

async function closeCore(): Promise<void> {
  const closing = core;
  core = null;
  disposeIpc?.();
  disposeIpc = null;
  if (!closing) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CORE_CLOSE_TIMEOUT_MS)));
  await Promise.race([closing.close().catch(() => undefined), timeout]);
  clearTimeout(timer);
}

function main(): void {
  // Both must happen before 'ready': scheme privileges and the sandbox are fixed at startup.
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite's <script type="module" crossorigin> is a CORS-mode load. The scheme only
    // serves the public renderer bundle and no other origin is ever loaded, so nothing is exposed.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
  app.enableSandbox();

  // The same folder serve mode uses (CACHESCOPE_DATA_DIR, else …/Cachescope), so both see the
  // same saved connections; Electron's own default would follow package.json's lower-case name.
  const dataDir = defaultDataDir();
  app.setPath('userData', dataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', focusWindow);
  // An error no handler caught is logged; the window (and a running deletion) stays up.
  installProcessGuards((line) => console.error(`Cachescope: ${line}`));
  app.on('web-contents-created', (_event, contents) => harden(contents));

  // Quit however it is asked for (last window closed, Cmd+Q, OS logout): close Redis first.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    void closeCore().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => start(dataDir))
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error('Cachescope failed to start:', message);
      dialog.showErrorBox('Cachescope failed to start', message);
      app.exit(1);
    });
}

main();
