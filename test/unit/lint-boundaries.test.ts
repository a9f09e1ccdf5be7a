import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The architecture's boundaries are lint rules (eslint.config.mjs), run by `npm test`. Each case
 * lints a one-line file as if it stood at `file`, so a rule that stops matching fails here.
 */
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries', () => {
  it.each([
    ['electron/core/x.ts', "import { app } from 'electron';", 'invariant 1'],
    ['electron/core/scan/x.ts', "import { serveCore } from '../../transports/ws-server';", 'transport-free'],
    ['electron/core/x.ts', "import { main } from '../cli/main';", 'transport-free'],
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core';", 'through the contract'],
    ['renderer/src/x.ts', "import Redis from 'ioredis';", 'main'],
    ['renderer/src/x.ts', "import fs from 'node:fs';", 'browser'],
    ['shared/x.ts', "import fs from 'node:fs';", 'Node-only'],
    ['shared/x.ts', "import { useStore } from '../renderer/src/stores/ui-store';", 'depends on nothing'],
    ['electron/cli/x.ts', "import { dialog } from 'electron';", 'Only main.ts'],
    ['electron/transports/x.ts', "import { App } from '../../renderer/src/shell/App';", 'transport'],
    ['electron/transports/ws-server.ts', "import { app } from 'electron';", 'Only main.ts'],
    // Inside the renderer: reusable ui/, the shell through the registry, views through each other's index.
    ['renderer/src/ui/x.tsx', "import { useUiStore } from '../stores/ui-store';", 'ui/ is reusable'],
    ['renderer/src/ui/virtual-list/x.tsx', "import { Sidebar } from '../../shell/Sidebar';", 'ui/ is reusable'],
    ['renderer/src/ui/x.ts', "import Redis from 'ioredis';", 'main'],
    ['renderer/src/shell/x.tsx', "import { FlushPanel } from '../views/actions/FlushPanel';", 'views/registry'],
    ['renderer/src/views/keys/detail/x.tsx', "import { FlushPanel } from '../../actions/FlushPanel';", 'views/actions/index.ts'],
    ['renderer/src/views/analysis/x.ts', "import { useInvalidation } from '../actions/use-invalidation';", 'views/actions/index.ts'],
    ['renderer/src/views/keys/x.ts', "import fs from 'node:fs';", 'browser'],
    // The CLI's one front door (issue 14): the engine behind the handlers is out of its reach.
    ['electron/cli/x.ts', "import { executeInvalidate } from '../core/actions/execute-invalidate';", 'through the contract'],
    ['electron/cli/x.ts', "import { Auditor } from '../core/audit/auditor';", 'through the contract'],
    ['electron/cli/x.ts', "import { connectOnce } from '../core/redis/connect-once';", 'through the contract'],
    ['electron/cli/sub/x.ts', "import { runFlush } from '../../core/actions/flush';", 'through the contract'],
    ['electron/cli/x.ts', "import { startWsServer } from '../transports/ws-server';", 'in-process'],
    ['electron/cli/x.ts', "import { runServe } from '../serve';", 'composition root'],
    // analyze and stats too: their engine (runAnalysis, the poller, DBSIZE/PING) is behind analysis.direct and metrics.*.
    ['electron/cli/analyze.ts', "import { runAnalysis } from '../core/analysis/run-analysis';", 'through the contract'],
    ['electron/cli/stats.ts', "import { Poller } from '../core/metrics/poller';", 'through the contract'],
    ['electron/cli/stats-without-info.ts', "import { readBasics } from '../core/metrics/basics';", 'through the contract'],
  ])('%s: %s is refused', async (file, code, words) => {
    const messages = await restricted(file, code);
    expect(messages.join('\n')).toContain(words);
  });

  it('a test making its own ioredis client without an error handler is refused', async () => {
    const [result] = await eslint.lintText("import Redis from 'ioredis';\nexport const c = new Redis(6379, '127.0.0.1');\n", {
      filePath: path.join(root, 'test/integration/x.test.ts'),
    });
    expect((result?.messages ?? []).map((m) => m.message).join('\n')).toContain('testClient()');
  });

  it.each([
    ['renderer/src/views/x.tsx', 'export const t = new Date().toLocaleTimeString();'],
    ['renderer/src/x.ts', "export const f = new Intl.DateTimeFormat('en-US', { hour: 'numeric' });"],
    ['shared/x.ts', 'export const d = new Date().toLocaleDateString();'],
  ])('%s: %s is refused (one clock: renderer/src/charts/time-format.ts)', async (file, code) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    expect((result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-properties').map((m) => m.message).join('\n')).toContain('one clock');
  });

  it.each([
    ['renderer/src/views/actions/x.tsx', "export const run = (api: { invoke(c: string, a: object): void }) => api.invoke('warm.urls', {});"],
    ['renderer/src/shell/x.tsx', "export const trust = (s: { api: { invoke(c: string, a: object): void } }) => void s.api.invoke('ssh.trustHostKey', {});"],
  ])('%s: a component calling the core directly is refused', async (file, code) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    expect((result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message).join('\n')).toContain("feature's hook");
  });

  it('a feature hook (.ts) may call the core', async () => {
    const [result] = await eslint.lintText("export const run = (api: { invoke(c: string, a: object): void }) => api.invoke('warm.urls', {});", {
      filePath: path.join(root, 'renderer/src/views/actions/use-x.ts'),
    });
    expect((result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  it.each([
    ['electron/main.ts', "import { app } from 'electron';"],
    ['electron/transports/ipc.ts', "import { ipcMain } from 'electron';"],
    ['electron/cli/x.ts', "import { createCore } from '../core/core';"],
    ['electron/cli/x.ts', "import { createInProcessClient } from '../transports/in-process';"],
    ['electron/cli/x.ts', "import { resolveInput } from '../core/profile/profile';"],
    ['electron/cli/x.ts', "import type { ActionTarget } from '../../shared/contract';"],
    ['renderer/src/x.ts', "import type { Envelope } from '../../shared/envelope';"],
    ['electron/core/x.ts', "import { commands } from '../../shared/contract';"],
    ['renderer/src/views/keys/detail/x.tsx', "import { ConfirmActionDialog } from '../../actions';"],
    ['renderer/src/views/actions/x.tsx', "import { ConfirmActionDialog } from './ConfirmActionDialog';"],
    ['renderer/src/shell/x.tsx', "import { VIEWS } from '../views/registry';"],
    ['renderer/src/ui/x.tsx', "import type { ConnectionState } from '../../../shared/contract/profiles';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
