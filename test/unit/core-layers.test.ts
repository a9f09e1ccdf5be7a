import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core reads downward: each folder of electron/core imports only folders below it, so a
 * folder can be understood (and tested) without the ones above. Checked from the source: any
 * cycle between folders fails (naming its edges), and so does an import that goes up the
 * declared order below. Type-only imports count too: a type is a dependency of the design.
 */

const root = path.resolve(__dirname, '../..');
const coreDir = path.join(root, 'electron/core');

/** Bottom first. A folder may import only folders listed before it. */
const LAYERS = [
  'keys', // key bytes on the wire, key-name segments
  'profile', // how to reach a Redis: resolved profiles, the environment default
  'ssh', // the SSH tunnel under a profile's clients: forwards, host keys, auth
  'redis', // clients, options, the topology, error words
  'metrics', // INFO parsing, the poller, the read ledger
  'audit', // the audit log and the auditor
  'borrowed', // server settings borrowed and not yet put back (DESIGN invariant 11): the record in the data folder
  'connections', // open connections, saved profiles, their handlers
  'keyspace-settings', // delimiter, id grouping, TTL rules: read by scan and analysis
  'scan', // the scanner, the key index and its views
  'analysis', // reports over a scan
  'server-config',
  'alerts',
  'app-stats',
  'key-detail',
  'actions',
  'demo',
  'diagnostics', // slow log, latency monitor, command mix, clients (uses the actions' confirmation)
  'misses', // keyspace events per namespace, miss causes, borrowing notify-keyspace-events
] as const;

/** Files at the core's root: the composition (may import any folder) and the base (may import none). */
const COMPOSITION = new Set(['core.ts', 'context.ts']);

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports and re-exports of a file, with whether each is type-only. */
function imports(source: string): { spec: string; typeOnly: boolean }[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([^'"`;]*?)\s*from\s*['"](\.[^'"]*)['"]/g))
    out.push({ spec: m[4]!, typeOnly: m[2] !== undefined });
  for (const m of code.matchAll(/\b(?:require|import)\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** The folder of electron/core a path belongs to, or the file's own name at the root. */
function unitOf(file: string): string {
  return path.relative(coreDir, file).split(path.sep)[0]!;
}

function coreEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(coreDir)) {
    for (const { spec, typeOnly } of imports(readFileSync(file, 'utf8'))) {
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(coreDir + path.sep)) continue;
      const from = unitOf(file);
      const to = unitOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (from !== to) edges.push({ from, to, file: path.relative(root, file), spec, typeOnly });
    }
  }
  return edges;
}

/** Every cycle's edges between folders, found by a depth-first walk (one example path per cycle). */
function folderCycles(edges: Edge[]): string[] {
  const between = edges.filter((e) => !e.from.endsWith('.ts') && !e.to.endsWith('.ts'));
  const next = new Map<string, Edge[]>();
  for (const e of between) next.set(e.from, [...(next.get(e.from) ?? []).filter((x) => x.to !== e.to), e]);
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: Edge[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    for (const e of next.get(node) ?? []) {
      if (state.get(e.to) === 'open') {
        const start = stack.findIndex((s) => s.from === e.to);
        const loop = [...stack.slice(start), e];
        cycles.add(loop.map((s) => `${s.from} → ${s.to} (${s.file} imports ${s.spec})`).join(', '));
      } else if (!state.has(e.to)) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, 'done');
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles];
}

describe('electron/core reads downward', () => {
  const edges = coreEdges();

  it('has no import cycle between its folders', () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it('declares a layer for every folder', () => {
    const folders = readdirSync(coreDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(LAYERS as readonly string[]).includes(f))).toEqual([]);
  });

  it('imports only folders below in the declared order', () => {
    const rank = (unit: string) => (LAYERS as readonly string[]).indexOf(unit);
    const upward = edges
      .filter((e) => !e.from.endsWith('.ts') && !e.to.endsWith('.ts') && rank(e.to) >= rank(e.from))
      .map((e) => `${e.from} → ${e.to}: ${e.file} imports ${e.spec}`);
    expect(upward).toEqual([]);
  });

  it('root files: core.ts and context.ts compose; folders see context.ts as types only; the base imports no folder', () => {
    const wrong = edges
      .filter((e) => {
        if (e.to === 'core.ts') return true; // nothing inside the core imports the composition
        if (e.to === 'context.ts') return !e.typeOnly; // handlers receive the context, never build it
        if (e.from.endsWith('.ts') && !COMPOSITION.has(e.from)) return true; // errors, events, atomic-file…: the bottom
        return false;
      })
      .map((e) => `${e.file} imports ${e.spec}${e.typeOnly ? ' (type)' : ''}`);
    expect(wrong).toEqual([]);
  });

  it('reaches outside itself only into shared/ (the contract): not the workload, the CLI or the shells', () => {
    const shared = path.join(root, 'shared') + path.sep;
    const outside = tsFiles(coreDir).flatMap((file) =>
      imports(readFileSync(file, 'utf8'))
        .filter(({ spec }) => {
          const target = path.resolve(path.dirname(file), spec);
          return !target.startsWith(coreDir + path.sep) && !target.startsWith(shared);
        })
        .map(({ spec }) => `${path.relative(root, file)} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('the check sees real edges (a parser that found nothing would pass everything)', () => {
    expect(edges.some((e) => e.from === 'scan' && e.to === 'redis')).toBe(true);
    expect(edges.some((e) => e.from === 'core.ts' && e.to === 'connections')).toBe(true);
    expect(edges.some((e) => e.to === 'context.ts' && e.typeOnly)).toBe(true);
  });
});
