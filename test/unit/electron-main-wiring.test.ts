import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testClient } from '../helpers/redis-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';
import { closedPort, startRedis } from '../helpers/redis-server';

/**
 * electron/main.ts against a recording stand-in for the `electron` module (no binary here):
 * checks the composition root wires what the security rules require. The Electron e2e spec
 * covers the same against the real thing where ELECTRON_PATH exists.
 */

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const log: string[] = [];
  const appEvents = new Map<string, Listener[]>();
  const handlers = new Map<string, Listener>();
  const windows: { options: Record<string, unknown>; url?: string; events: Map<string, Listener> }[] = [];
  const opened: string[] = [];
  const notifications: { title: string; body: string }[] = [];
  const streamed: { stream: string; data: Record<string, unknown> }[] = [];
  const state = {
    protocolHandler: null as null | ((r: Request) => Promise<Response>),
    permissionRequest: null as null | Listener,
    permissionCheck: null as null | Listener,
  };
  const on = (name: string, l: Listener) => appEvents.set(name, [...(appEvents.get(name) ?? []), l]);
  const emit = (name: string, ...args: unknown[]) => (appEvents.get(name) ?? []).forEach((l) => l(...args));
  const electron = {
    app: {
      enableSandbox: () => log.push('enableSandbox'),
      setPath: (name: string, value: string) => log.push(`setPath ${name} ${value}`),
      requestSingleInstanceLock: () => (log.push('requestSingleInstanceLock'), true),
      on: (name: string, l: Listener) => (on(name, l), electron.app),
      whenReady: () => (log.push('whenReady'), Promise.resolve()),
      quit: () => {
        log.push('quit');
        const event = { prevented: false, preventDefault() { this.prevented = true; } };
        emit('will-quit', event);
        if (!event.prevented) log.push('quit: done');
      },
      exit: (code: number) => log.push(`exit ${code}`),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => log.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (r: Request) => Promise<Response>) => {
        log.push(`protocol.handle ${scheme}`);
        state.protocolHandler = handler;
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (l: Listener) => (state.permissionRequest = l),
        setPermissionCheckHandler: (l: Listener) => (state.permissionCheck = l),
      },
    },
    ipcMain: {
      handle: (channel: string, l: Listener) => handlers.set(channel, l),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    dialog: {
      showErrorBox: (title: string, message: string) => log.push(`showErrorBox ${title} ${message}`),
      // The user's answer to the next save dialog (null = Cancel); each call records its window and options.
      saveAnswer: null as string | null,
      saveCalls: [] as { window: unknown; options: { title: string; defaultPath: string } }[],
      async showSaveDialog(window: unknown, options: { title: string; defaultPath: string }) {
        electron.dialog.saveCalls.push({ window, options });
        const answer = electron.dialog.saveAnswer;
        return answer === null ? { canceled: true } : { canceled: false, filePath: answer };
      },
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    BrowserWindow: class {
      readonly events = new Map<string, Listener>();
      url?: string;
      readonly webContents = {
        isDestroyed: () => false,
        getURL: () => this.url ?? '',
        send: (_channel: string, message: { stream: string; data: Record<string, unknown> }) => void streamed.push(message),
      };
      constructor(readonly options: Record<string, unknown>) {
        windows.push(this);
        log.push('new BrowserWindow');
      }
      once(name: string, l: Listener) { this.events.set(name, l); }
      on(name: string, l: Listener) { this.events.set(name, l); }
      loadURL(url: string) { this.url = url; log.push(`loadURL ${url}`); return Promise.resolve(); }
      isDestroyed() { return false; }
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      constructor(readonly options: { title: string; body: string }) {}
      show() {
        notifications.push(this.options);
      }
    },
  };
  return { electron, log, appEvents, handlers, windows, opened, state, emit, notifications, streamed };
});

vi.mock('electron', () => fake.electron);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-main-wiring-'));
process.env.CACHESCOPE_DATA_DIR = dataDir;
const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
await import('../../electron/main');
await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

afterAll(() => {
  delete process.env.CACHESCOPE_DATA_DIR;
  warn.mockRestore();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('electron/main.ts wiring', () => {
  it('registers the app:// scheme and the sandbox before ready, and uses the shared data folder', () => {
    const before = fake.log.slice(0, fake.log.indexOf('whenReady'));
    expect(before).toEqual([
      expect.stringMatching(/^registerSchemesAsPrivileged \[\{"scheme":"app","privileges":\{.*"standard":true.*"secure":true/),
      'enableSandbox',
      `setPath userData ${dataDir}`,
      'requestSingleInstanceLock',
    ]);
  });

  it('opens one locked-down window on app://cachescope', () => {
    const [win] = fake.windows;
    expect(win!.url).toBe('app://cachescope/index.html');
    expect(win!.options).toMatchObject({ minWidth: 1024, minHeight: 700, show: false });
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/[\\/]preload[\\/]preload\.js$/);
    expect(fake.log.indexOf('protocol.handle app')).toBeLessThan(fake.log.indexOf('new BrowserWindow'));
  });

  it('serves the renderer over app:// with the CSP and refuses traversal', async () => {
    const handler = fake.state.protocolHandler!;
    const res = await handler({ url: 'app://cachescope/index.html', method: 'GET' } as Request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler({ url: 'app://cachescope/..%2fpackage.json', method: 'GET' } as Request)).status).toBe(403);
  });

  it('denies every permission', () => {
    const answers: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (granted: boolean) => answers.push(granted));
    fake.state.permissionRequest!({}, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(fake.state.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('wires one IPC handler per command to a desktop core (key-file fallback without a keychain)', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map((c) => `cachescope:invoke:${c}`).sort());
    const reply = await fake.handlers.get('cachescope:invoke:app.info')!({ senderFrame: { url: 'app://cachescope/index.html' } }, {});
    expect(reply).toMatchObject({ ok: true, value: { name: 'Cachescope', mode: 'desktop', version: '0.1.0' } });
    const refused = await fake.handlers.get('cachescope:invoke:app.info')!({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('key-file'));
  });

  it('denies navigation, new windows and webviews on every webContents; opens vetted links externally', () => {
    const events = new Map<string, Listener>();
    let openHandler: Listener | null = null;
    const contents = { on: (name: string, l: Listener) => events.set(name, l), setWindowOpenHandler: (l: Listener) => (openHandler = l) };
    fake.emit('web-contents-created', {}, contents);
    const prevented = (name: string, ...args: unknown[]) => {
      let p = false;
      events.get(name)!({ preventDefault: () => (p = true) }, ...args);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'https://github.com/cachescope')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!({ url: 'https://redis.io/docs/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'http://redis.io/docs/' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://github.com/cachescope', 'https://redis.io/docs/']);
  });

  it('raises one OS notification per firing alert, not one per sample or retry', async () => {
    const trusted = { senderFrame: { url: 'app://cachescope/index.html' } };
    const invoke = async (command: string, args: unknown) => {
      const reply = (await fake.handlers.get(`cachescope:invoke:${command}`)!(trusted, args)) as { ok: boolean; value?: { id: string } };
      expect(reply).toMatchObject({ ok: true });
      return reply.value;
    };
    // Nothing listens on this port: the connection keeps retrying, which fires the disconnected alert.
    const saved = await invoke('profiles.save', { name: 'Nowhere', host: '127.0.0.1', port: await closedPort() });
    await invoke('connections.open', { id: saved!.id });
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1), { timeout: 10_000 });
    expect(fake.notifications[0]!.title).toBe('Disconnected — Nowhere');
    expect(fake.notifications[0]!.body).toMatch(/^Disconnected: /);
    // Several more reconnect attempts (each a state on the stream) raise no further notification.
    const retries = () =>
      new Set(fake.streamed.filter((m) => m.stream === 'connection.state' && m.data.status === 'reconnecting').map((m) => m.data.nextRetryAt)).size;
    const seen = retries();
    await vi.waitFor(() => expect(retries()).toBeGreaterThanOrEqual(seen + 2), { timeout: 10_000 });
    expect(fake.notifications).toHaveLength(1);
    await invoke('connections.close', { id: saved!.id });
  });

  it("saves a value where main's save dialog says, on the main window; Cancel writes nothing", async () => {
    const trusted = { senderFrame: { url: 'app://cachescope/index.html' } };
    const invoke = (command: string, args: unknown) => fake.handlers.get(`cachescope:invoke:${command}`)!(trusted, args) as Promise<{ ok: boolean; value?: unknown }>;
    const redis = await startRedis();
    try {
      const saved = (await invoke('profiles.save', { name: 'Local', host: '127.0.0.1', port: redis.port })).value as { id: string };
      await invoke('connections.open', { id: saved.id });
      const bytes = Buffer.from([0xff, 0x00, 0x0a, 0x41]);
      const client = testClient(redis.port, '127.0.0.1');
      client.on('error', () => undefined);
      await client.set('bin:1', bytes);
      client.disconnect();
      const file = path.join(dataDir, 'chosen.bin');
      fake.electron.dialog.saveAnswer = file;
      expect(await invoke('keys.value.download', { id: saved.id, key: { utf8: 'bin:1' } })).toMatchObject({ ok: true, value: { kind: 'saved', path: file, bytes: 4 } });
      expect(readFileSync(file).equals(bytes)).toBe(true);
      expect(fake.electron.dialog.saveCalls).toHaveLength(1);
      expect(fake.electron.dialog.saveCalls[0]!.window).toBe(fake.windows[0]);
      expect(fake.electron.dialog.saveCalls[0]!.options.defaultPath).toBe('bin_1.bin');

      fake.electron.dialog.saveAnswer = null;
      rmSync(file);
      expect(await invoke('keys.value.download', { id: saved.id, key: { utf8: 'bin:1' } })).toMatchObject({ ok: true, value: { kind: 'cancelled' } });
      expect(existsSync(file)).toBe(false);
      await invoke('connections.close', { id: saved.id });
    } finally {
      await redis.stop();
    }
  });

  it('closes the core, then quits, when the last window closes', async () => {
    fake.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.log).toContain('quit: done'));
    expect(fake.handlers.size).toBe(0); // IPC handlers removed with the core
    expect(fake.log.filter((l) => l === 'quit')).toHaveLength(2); // first deferred for the core, then final
  });
});
