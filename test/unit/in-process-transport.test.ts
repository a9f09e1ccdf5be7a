import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandArgs, Envelope, ProfileView } from '../../shared/contract';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { resolveInput } from '../../electron/core/profile/profile';
import { createCore, type Core } from '../../electron/core/core';
import { createInProcessClient } from '../../electron/transports/in-process';

let dataDir: string;
let core: Core;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cachescope-inproc-'));
  core = createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'cli', version: '9.9.9', env: {} });
});
afterEach(async () => {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the in-process transport (the CLI front door)', () => {
  it('carries a command to the core and its envelope back', async () => {
    const api = createInProcessClient(core);
    const info = await api.invoke('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'Cachescope', mode: 'cli', version: '9.9.9' } });
  });

  it('refuses an unknown command as the IPC client does, without reaching the core', async () => {
    let reached = false;
    const api = createInProcessClient({ invoke: async () => ((reached = true), { ok: true, value: null }), on: () => () => undefined });
    const reply = await api.invoke('fs.readFile' as never, {} as never);
    expect(reply).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown command: fs.readFile' } });
    expect(reached).toBe(false);
  });

  it('validates at the core: bad args come back BAD_REQUEST, never a throw', async () => {
    const api = createInProcessClient(core);
    const reply = await api.invoke('connections.open', { id: '' });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('BAD_REQUEST');
  });

  it('copies args and replies as a wire would: nothing is shared by reference', async () => {
    const seen: unknown[] = [];
    const reply = { ok: true as const, value: { nested: { n: 1 } } };
    const api = createInProcessClient({
      invoke: async (_command, args) => {
        seen.push(args);
        return reply;
      },
      on: () => () => undefined,
    });
    const args = { id: 'x' } as CommandArgs<'connections.open'>;
    const got = (await api.invoke('connections.open', args)) as unknown as typeof reply;
    expect(seen[0]).toEqual(args);
    expect(seen[0]).not.toBe(args);
    got.value.nested.n = 2;
    expect(reply.value.nested.n).toBe(1);
  });

  it('refuses args that cannot cross a wire (a function) instead of passing them on', async () => {
    let reached = false;
    const api = createInProcessClient({ invoke: async () => ((reached = true), { ok: true, value: null }), on: () => () => undefined });
    const reply = await api.invoke('connections.open', { id: 'x', sneaky: () => 1 } as never);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('BAD_REQUEST');
    expect(reached).toBe(false);
  });

  it('delivers streams as copies, and only known streams', async () => {
    const api = createInProcessClient(core);
    const got: ProfileView[][] = [];
    const off = api.on('profiles.changed', (p) => got.push(p));
    const saved = (await api.invoke('profiles.save', { name: 'a', host: '127.0.0.1', port: 1, env: 'dev' })) as Envelope<ProfileView>;
    expect(saved.ok).toBe(true);
    expect(got).toHaveLength(1);
    off();
    expect(() => api.on('nope' as never, () => undefined)).toThrow(/Unknown stream/);
  });
});

describe('a session profile (the CLI: flags → a connection for this run only)', () => {
  it('is found by id but never listed, and nothing of it is written to the data folder', async () => {
    const { profile } = resolveInput({ name: 'cli', host: '127.0.0.1', port: 1, password: 's3cret-pass' }, 'cli');
    const session = createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'cli', version: 't', env: {}, session: profile, oneShot: true });
    try {
      const api = createInProcessClient(session);
      const list = await api.invoke('profiles.list', {});
      expect(list.ok && list.value.map((p) => p.id)).not.toContain('cli');
      // Port 1 refuses: the one-shot connection fails as the command's error, in words.
      const open = await api.invoke('connections.open', { id: 'cli' });
      expect(open.ok).toBe(false);
      expect(!open.ok && open.error.code).toBe('CONNECTION_REFUSED');
      const { readdir, readFile } = await import('node:fs/promises');
      for (const name of await readdir(dataDir).catch(() => [] as string[])) {
        const text = await readFile(path.join(dataDir, name), 'utf8').catch(() => '');
        expect(text).not.toContain('s3cret-pass');
      }
    } finally {
      await session.close();
    }
  });
});
