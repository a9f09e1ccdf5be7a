import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachescopeApi } from '../../shared/contract/api';

/**
 * A sandboxed preload may `require` only 'electron' and a few built-ins, never relative files.
 * Build the real bundle (vite.preload.config.mts) and run it in a bare VM context whose
 * `require` knows only a fake 'electron'.
 */

const root = path.resolve(__dirname, '../..');
let outDir: string;
let bundle: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'cachescope-preload-'));
  await build({ configFile: path.join(root, 'vite.preload.config.mts'), root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  bundle = await readFile(path.join(outDir, 'preload.js'), 'utf8');
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

function runPreload() {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (invoked.push({ channel, args }), { ok: true, value: 'pong' }),
      on: () => undefined,
    },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    module,
    exports: module.exports,
    console,
    require: (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`); // what a sandboxed preload gets
    },
  });
  vm.runInContext(bundle, context, { filename: 'preload.js' });
  return { exposed, required, invoked };
}

describe('bundled preload', () => {
  it('is one self-contained CommonJS file that requires only electron', () => {
    const { required } = runPreload();
    expect(required).toEqual(['electron']);
    expect(bundle).not.toMatch(/require\(["']\.{1,2}\//);
  });

  it('exposes window.cachescope = { invoke, on } and nothing else', async () => {
    const { exposed, invoked } = runPreload();
    expect([...exposed.keys()]).toEqual(['cachescope']);
    const api = exposed.get('cachescope') as CachescopeApi;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(await api.invoke('app.info', {})).toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([{ channel: 'cachescope:invoke:app.info', args: [{}] }]);
    expect(await api.invoke('shell.exec' as 'app.info', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(invoked).toHaveLength(1);
  });
});
