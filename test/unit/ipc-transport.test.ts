import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type Envelope, type ProfileView } from '../../shared/contract';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { createCore, type Core } from '../../electron/core/core';
import { APP_ENTRY_URL } from '../../electron/desktop/window-config';
import { registerIpcTransport, type InvokeEventLike, type IpcMainLike, type WebContentsLike } from '../../electron/transports/ipc';
import { STREAM_CHANNEL, invokeChannel, type StreamMessage } from '../../electron/transports/ipc-channels';
import { createIpcClient, type IpcRendererLike } from '../../electron/transports/ipc-client';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Records what the adapter registers, like Electron's ipcMain (one handler per channel). */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  call(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  }
}

class FakeWebContents implements WebContentsLike {
  readonly sent: { channel: string; message: StreamMessage }[] = [];
  destroyed = false;
  constructor(public url: string) {}
  isDestroyed = () => this.destroyed;
  getURL = () => this.url;
  send(channel: string, message: StreamMessage): void {
    // Electron serialises with structured clone; do the same so non-cloneable data would fail here.
    this.sent.push({ channel, message: structuredClone(message) });
  }
}

let dataDir: string;
let core: Core;
let ipcMain: FakeIpcMain;
let wc: FakeWebContents;
let dispose: () => void;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cachescope-ipc-'));
  core = createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'desktop', version: '9.9.9', env: {} });
  ipcMain = new FakeIpcMain();
  wc = new FakeWebContents(APP_ENTRY_URL);
  dispose = registerIpcTransport({ ipcMain, core, webContents: () => wc });
});
afterEach(async () => {
  dispose();
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('IPC adapter', () => {
  it('registers exactly one handler per contract command', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(invokeChannel).sort());
  });

  it('answers a trusted sender with the core envelope', async () => {
    const reply = await ipcMain.call(invokeChannel('app.info'), APP_ENTRY_URL, {});
    expect(reply).toMatchObject({ ok: true, value: { name: 'Cachescope', version: '9.9.9', mode: 'desktop' } });
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a look-alike app host', 'app://cachescope.evil/index.html'],
    ['file://', 'file:///tmp/index.html'],
    ['a destroyed frame', null],
  ])('refuses %s with an envelope, never a throw', async (_label, url) => {
    const reply = (await ipcMain.call(invokeChannel('app.info'), url, {})) as Envelope<unknown>;
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('BAD_REQUEST');
  });

  it('refuses a disposed frame whose url getter throws', async () => {
    const handler = ipcMain.handlers.get(invokeChannel('app.info'))!;
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(handler({ senderFrame: disposed }, {})).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers bad arguments with BAD_REQUEST', async () => {
    for (const [command, args] of [
      ['app.info', { extra: 1 }],
      ['connections.open', { id: 42 }],
      ['connections.open', 'not an object'],
      ['profiles.save', { name: '', port: 99999 }],
    ] as const) {
      const reply = (await ipcMain.call(invokeChannel(command), APP_ENTRY_URL, args)) as Envelope<unknown>;
      expect(reply.ok, `${command} ${JSON.stringify(args)}`).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('BAD_REQUEST');
    }
  });

  it('answers every command given garbage with an envelope, never a throw, and keeps answering', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile getter');
        },
        ownKeys() {
          throw new Error('hostile keys');
        },
      },
    );
    const garbage: unknown[] = [undefined, null, 'text', 42, [1, 2], { id: { nested: true } }, deep, hostile, Symbol('s'), () => 1];
    // demo.start takes no arguments: null/undefined would really start a demo redis-server.
    for (const command of COMMAND_NAMES.filter((c) => c !== 'demo.start')) {
      const handler = ipcMain.handlers.get(invokeChannel(command))!;
      for (const args of garbage) {
        const reply = (await handler({ senderFrame: { url: APP_ENTRY_URL } }, args)) as Envelope<unknown>;
        expect(typeof reply.ok, `${command} with ${String(typeof args)}`).toBe('boolean');
      }
      // A missing or odd event object is refused, not thrown on.
      await expect(handler(undefined as unknown as InvokeEventLike, {})).resolves.toMatchObject({ ok: false });
      await expect(handler({ senderFrame: 'nonsense' } as unknown as InvokeEventLike, {})).resolves.toMatchObject({ ok: false });
    }
    expect(await ipcMain.call(invokeChannel('app.info'), APP_ENTRY_URL, {})).toMatchObject({ ok: true });
  });

  it('forwards streams to our page only, without secrets', async () => {
    const saved = (await ipcMain.call(invokeChannel('profiles.save'), APP_ENTRY_URL, {
      name: 'local',
      password: 'hunter2-secret',
    })) as Envelope<ProfileView>;
    expect(saved.ok).toBe(true);
    const streamed = wc.sent.filter((s) => s.channel === STREAM_CHANNEL && s.message.stream === 'profiles.changed');
    expect(streamed).toHaveLength(1);
    // The saved profile, then the environment default (listed beside saved ones until dismissed).
    expect(streamed[0]!.message.data).toEqual([expect.objectContaining({ name: 'local', hasPassword: true }), expect.objectContaining({ id: 'env-default' })]);
    expect(JSON.stringify(wc.sent)).not.toContain('hunter2-secret');

    wc.url = 'https://evil.example/'; // should never happen (navigation is denied), but if it did…
    await ipcMain.call(invokeChannel('profiles.delete'), APP_ENTRY_URL, { id: saved.ok ? saved.value.id : '' });
    wc.url = APP_ENTRY_URL;
    wc.destroyed = true;
    await ipcMain.call(invokeChannel('profiles.delete'), APP_ENTRY_URL, { id: 'gone' });
    expect(wc.sent).toHaveLength(1);
  });

  it('disposes: handlers removed and streams unsubscribed', async () => {
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    dispose = registerIpcTransport({ ipcMain, core, webContents: () => null }); // re-registering must not collide
    await core.invoke('profiles.save', { name: 'x' });
    expect(wc.sent).toHaveLength(0);
  });
});

describe('preload bridge (createIpcClient) over the adapter', () => {
  /** ipcRenderer stand-in wired to the fake ipcMain, as if the page were app://cachescope. */
  function bridge(frameUrl: string) {
    const streamListeners: ((event: unknown, message: StreamMessage) => void)[] = [];
    const invoked: string[] = [];
    const ipcRenderer: IpcRendererLike = {
      invoke: (channel, ...args) => (invoked.push(channel), ipcMain.call(channel, frameUrl, ...args)),
      on: (channel, listener) => {
        expect(channel).toBe(STREAM_CHANNEL);
        streamListeners.push(listener);
      },
    };
    // Deliver what main sends to this renderer.
    wc.send = (channel, message) => {
      const clone = structuredClone(message);
      for (const l of streamListeners) l({ sender: 'ipcRenderer-must-not-leak' }, clone);
    };
    return { api: createIpcClient(ipcRenderer), invoked, streamListeners };
  }

  it('invokes contract commands on their own channel', async () => {
    const { api, invoked } = bridge(APP_ENTRY_URL);
    const reply = await api.invoke('app.info', {});
    expect(reply).toMatchObject({ ok: true, value: { mode: 'desktop' } });
    expect(invoked).toEqual(['cachescope:invoke:app.info']);
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const { api, invoked } = bridge(APP_ENTRY_URL);
    for (const name of ['nope', '__proto__', 'constructor', 'app.info ', '']) {
      const reply = await api.invoke(name as 'app.info', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(invoked).toEqual([]);
  });

  it('turns a rejected ipc invoke into an envelope', async () => {
    const api = createIpcClient({ invoke: () => Promise.reject(new Error('No handler registered')), on: () => undefined });
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers stream data (never the IPC event) and unsubscribes', async () => {
    const { api, streamListeners } = bridge(APP_ENTRY_URL);
    const got: unknown[][] = [];
    const off = api.on('profiles.changed', (...args: unknown[]) => got.push(args));
    api.on('connection.state', () => got.push(['wrong stream']));
    expect(streamListeners).toHaveLength(1); // one IPC listener however many subscribers
    await api.invoke('profiles.save', { name: 'a' });
    expect(got).toEqual([[[expect.objectContaining({ name: 'a' }), expect.objectContaining({ id: 'env-default' })]]]);
    off();
    await api.invoke('profiles.save', { name: 'b' });
    expect(got).toHaveLength(1);
    expect(() => api.on('nope' as 'profiles.changed', () => undefined)).toThrow(/Unknown stream/);
  });

  it('is frozen', () => {
    const { api } = bridge(APP_ENTRY_URL);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });
});
