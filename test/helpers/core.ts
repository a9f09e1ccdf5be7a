import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { CommandArgs, CommandName, CommandReply, StreamName, Streams } from '../../shared/contract';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { startDemo } from '../../electron/workload/demo';

export interface TestCore {
  core: Core;
  dataDir: string;
  /** Invoke and unwrap an ok envelope (fails the test otherwise). */
  call<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandReply<C>>;
  /** Resolve with the first stream item matching `predicate` (rejects after `timeoutMs`). */
  next<S extends StreamName>(stream: S, predicate: (d: Streams[S]) => boolean, timeoutMs?: number): Promise<Streams[S]>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'cachescope-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `extra`: options main would give (e.g. desktop `dialogs`); the demo launcher is given, as serve mode does. */
export function makeCore(env: NodeJS.ProcessEnv, dataDir = tempDir(), extra: Partial<CoreOptions> = {}): TestCore {
  const core = createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'serve', version: 'test', env, startDemo, ...extra });
  return {
    core,
    dataDir,
    async call(command, args) {
      const reply = await core.invoke(command, args);
      if (!reply.ok) expect.fail(`${command} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.value as never;
    },
    next(stream, predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching ${stream} within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = core.on(stream, (d) => {
          if (!predicate(d)) return;
          clearTimeout(timer);
          off();
          resolve(d);
        });
      });
    },
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
