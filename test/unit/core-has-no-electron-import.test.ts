import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * Invariant 1: the core never imports `electron` (in plain Node, `require('electron')` tries to
 * download the binary and throws). Checked three ways: the source import graph, loading the
 * core in this (plain Node) process, and `require` of tsc's CommonJS output.
 */

const root = path.resolve(__dirname, '../..');
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

const electronLoads: string[] = [];
vi.mock('electron', () => {
  electronLoads.push('electron');
  return {};
});

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFilesUnder(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every module specifier of a file: static/dynamic imports, re-exports, require(), type imports. */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

function resolveRelative(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Walks the relative-import graph from `entries`; returns offending chains. */
function electronImports(entries: string[]): { visited: number; offenders: string[] } {
  const parent = new Map<string, string | null>(entries.map((e) => [e, null]));
  const queue = [...entries];
  const offenders: string[] = [];
  const chain = (file: string) => {
    const parts: string[] = [];
    for (let f: string | null = file; f; f = parent.get(f) ?? null) parts.unshift(path.relative(root, f));
    return parts.join(' → ');
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (isElectron(spec)) offenders.push(`${chain(file)} imports '${spec}'`);
      if (!spec.startsWith('.')) continue;
      const target = resolveRelative(file, spec);
      if (!target) throw new Error(`${path.relative(root, file)}: cannot resolve '${spec}'`);
      if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return { visited: parent.size, offenders };
}

describe('the core never imports electron', () => {
  it('no file under electron/core or shared/, nor anything they import, imports electron', () => {
    const entries = [...tsFilesUnder(path.join(root, 'electron/core')), ...tsFilesUnder(path.join(root, 'shared'))];
    expect(entries.length).toBeGreaterThan(10);
    const { visited, offenders } = electronImports(entries);
    expect(visited).toBeGreaterThanOrEqual(entries.length);
    expect(offenders).toEqual([]);
  });

  it('the scanner does catch electron imports (direct and transitive)', () => {
    expect(specifiers(`import { app } from 'electron';\nimport type { IpcMain } from "electron";\nconst e = require('electron/main');`).filter(isElectron)).toHaveLength(3);
    expect(electronImports([path.join(root, 'electron/main.ts')]).offenders.length).toBeGreaterThan(0);
    expect(electronImports([path.join(root, 'electron/preload.ts')]).offenders).toEqual([expect.stringContaining("imports 'electron'")]);
  });

  it('loading and running the core in plain Node does not load electron', async () => {
    const { createCore } = await import('../../electron/core/core');
    const { KeyFileSecretBox } = await import('../../electron/core/connections/secret-box');
    const dataDir = path.join(os.tmpdir(), `cachescope-noelectron-${process.pid}`);
    const core = createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'serve', version: '0', env: {} });
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: true });
    await core.close();
    expect(electronLoads).toEqual([]);
    const cache = createRequire(__filename).cache;
    expect(Object.keys(cache).filter((k) => /[\\/]node_modules[\\/]electron[\\/]/.test(k))).toEqual([]);
  });

  it('require() of the compiled (CommonJS) core does not request electron', () => {
    // Inside node_modules so the compiled files resolve the project's dependencies.
    const outDir = path.join(root, 'node_modules/.cache/cachescope-no-electron-check');
    rmSync(outDir, { recursive: true, force: true });
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.node.json', '--outDir', outDir, '--sourceMap', 'false'], {
      cwd: root,
      encoding: 'utf8',
    });
    const compiledCore = path.join(outDir, 'electron/core/core.js');
    // tsc emits despite type errors elsewhere in the tree; only a missing output is fatal here.
    expect(existsSync(compiledCore), tsc.stdout + tsc.stderr).toBe(true);
    const probe = `
      const Module = require('node:module');
      const requested = [];
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'electron' || request.startsWith('electron/')) requested.push(request);
        return load.call(this, request, ...rest);
      };
      const { createCore } = require(${JSON.stringify(compiledCore)});
      const { KeyFileSecretBox } = require(${JSON.stringify(path.join(outDir, 'electron/core/connections/secret-box.js'))});
      const dir = require('node:path').join(require('node:os').tmpdir(), 'cachescope-noelectron-compiled-' + process.pid);
      const core = createCore({ dataDir: dir, secrets: new KeyFileSecretBox(dir), mode: 'serve', version: '0', env: {} });
      core.invoke('app.info', {}).then(async (reply) => {
        await core.close();
        const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]electron[\\\\/]/.test(k));
        console.log(JSON.stringify({ ok: reply.ok, requested, loaded }));
      });`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
    rmSync(outDir, { recursive: true, force: true });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ ok: true, requested: [], loaded: [] });
  });
});
