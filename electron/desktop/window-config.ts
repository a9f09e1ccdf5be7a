// Type-only import: erased at compile time, so this module loads in plain Node (unit tests).
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import path from 'node:path';

/** The privileged custom scheme the UI is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cachescope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const WINDOW_TITLE = 'Cachescope';
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 700;

/**
 * Hosts the app may open in the user's browser (help and project links). Exact matches only:
 * a subdomain or a look-alike host is not on the list.
 */
export const EXTERNAL_URL_HOSTS: readonly string[] = ['github.com', 'redis.io'];

/** Where the bundled preload and the built renderer sit relative to `out/electron/`. */
export function preloadPathFrom(mainDir: string): string {
  return path.join(mainDir, '..', 'preload', 'preload.js');
}
export function rendererDirFrom(mainDir: string): string {
  return path.join(mainDir, '..', 'renderer');
}

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#111318',
    autoHideMenuBar: true,
    webPreferences: webPreferences(preload),
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for frames of our own `app://cachescope` origin. Compared field by field because
 * WHATWG `origin` is "null" for non-special schemes in Node, and so a user-info part
 * (`app://evil@cachescope`) or a port cannot sneak past a string prefix test.
 */
export function isTrustedSender(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** https to an exact vetted host, default port, no credentials: the only URLs handed to the OS. */
export function isAllowedExternalUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === 'https:' &&
    u.port === '' &&
    u.username === '' &&
    u.password === '' &&
    EXTERNAL_URL_HOSTS.includes(u.hostname)
  );
}
