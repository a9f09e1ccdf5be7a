// Lint: typescript-eslint's recommended rules, React's hook rules, and the architecture's boundaries
// as rules (DESIGN.md invariants 1, 2, 9): what each folder may import is checked, not just written down.
import fs from 'node:fs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` patterns for a layer that must not reach `dirs` (relative, at any depth). */
const notInto = (dirs, message) => dirs.map((dir) => ({ group: [`**/${dir}`, `**/${dir}/**`], message }));

const nodeOnlyMessage = 'shared/ runs in the renderer too: no Node-only modules.';
const nodeOnlyPaths = ['fs', 'path', 'child_process', 'net', 'tls', 'os', 'crypto', 'ioredis', 'ws'].map((name) => ({ name, message: nodeOnlyMessage }));

/** What no renderer file may import: main-process code, Electron, ioredis, Node. */
const rendererPaths = [
  { name: 'electron', message: 'The renderer is sandboxed: use the bridge.' },
  { name: 'ioredis', message: 'Every Redis connection lives in main (DESIGN.md).' },
];
const rendererPatterns = [
  ...notInto(['electron'], 'The renderer reaches the core only through the contract (renderer/src/bridge).'),
  { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
];
const rendererRule = (extra = []) => ({ 'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [...rendererPatterns, ...extra] }] });

const viewsDir = new URL('./renderer/src/views/', import.meta.url);
const viewFolders = fs.readdirSync(viewsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
/**
 * views/keys shares its key-name helpers (key-names, NameText, keys-store…) with actions and
 * analysis by path today; it is left out as a target until its index exports them.
 */
const CHECKED_VIEW_TARGETS = viewFolders.filter((v) => v !== 'keys');

function rendererBoundaries() {
  return [
    { files: ['renderer/**/*.{ts,tsx}'], rules: rendererRule() },
    {
      files: ['renderer/src/ui/**/*.{ts,tsx}'],
      rules: rendererRule(notInto(['shell', 'views', 'app', 'stores', 'bridge'], 'ui/ is reusable: props in, markup out — no shell, views, stores or services.')),
    },
    {
      files: ['renderer/src/{shell,app,stores,charts,bridge}/**/*.{ts,tsx}'],
      rules: rendererRule([{ group: ['**/views/*/**'], message: 'Outside views/, reach a view only through views/registry (and views/types).' }]),
    },
    ...viewFolders.map((view) => ({
      files: [`renderer/src/views/${view}/**/*.{ts,tsx}`],
      rules: rendererRule(
        CHECKED_VIEW_TARGETS.filter((other) => other !== view).map((other) => ({
          group: [`**/${other}/**`],
          message: `views/${other} is another view: import what it shares from its index (views/${other}/index.ts), not its internals.`,
        })),
      ),
    })),
  ];
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'bench/results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `catch {}` and `() => undefined` are how this code says "reported elsewhere".
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `let ok = false; try { ok = … } catch { ok = false }` reads plainer than the alternatives.
      'no-useless-assignment': 'off',
      // Key names are bytes: escaping control characters in them is the point of several regexes.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // Invariant 1 and the one front door: the core knows no transport, no UI, no Electron, no CLI.
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core never imports electron (DESIGN.md invariant 1): main injects what it needs.' }],
          patterns: [
            { group: ['electron/*'], message: 'The core never imports electron (DESIGN.md invariant 1).' },
            ...notInto(['transports', 'cli', 'desktop', 'renderer'], 'The core is transport-free: transports, the CLI, the desktop shell and the UI call it, not the other way round.'),
            { group: ['**/main', '**/serve', '**/preload'], message: 'The core is composed by main/serve, never imports them.' },
          ],
        },
      ],
    },
  },
  // A transport carries the contract; it knows neither the UI nor the CLI, and only the IPC adapter touches Electron.
  {
    files: ['electron/transports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main.ts, the preload, the IPC adapter and desktop/ touch Electron.' }],
          patterns: notInto(['renderer', 'cli'], 'A transport carries the contract; it knows neither the UI nor the CLI.'),
        },
      ],
    },
  },
  {
    files: ['electron/transports/ipc*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: notInto(['renderer', 'cli'], 'A transport carries the contract; it knows neither the UI nor the CLI.') }],
    },
  },
  // The renderer talks to main through the bridge: it never imports main-process code. Inside it,
  // ui/ is reusable, the shell reaches views through the registry, and a view reaches another
  // view only through that view's index (one block per folder: a later block replaces the rule).
  ...rendererBoundaries(),
  // Components render state and call actions (issue 14): commands go through a feature's hook,
  // store or command module (.ts beside the feature), so each reply is handled in one place.
  {
    files: ['renderer/src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='invoke']",
          message: "A component does not call the core: use its feature's hook, store or command module (a .ts beside it), which calls api.invoke.",
        },
      ],
    },
  },
  // The contract is shared by Node and the browser: nothing Node-only, nothing from either side.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeOnlyPaths, { name: 'electron', message: 'shared/ is imported by the renderer.' }],
          patterns: [{ group: ['node:*'], message: nodeOnlyMessage }, ...notInto(['electron', 'renderer'], 'shared/ depends on nothing of main or the renderer.')],
        },
      ],
    },
  },
  // One clock: every time on screen (axes, tooltips, tables, audit, alerts) goes through
  // renderer/src/charts/time-format.ts (24-hour), never the locale's 12- or 24-hour default.
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['renderer/src/charts/time-format.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['toLocaleTimeString', 'toLocaleDateString'].map((property) => ({ property, message: 'Use formatClock/formatDateTime (renderer/src/charts/time-format.ts): one clock everywhere.' })),
        { object: 'Intl', property: 'DateTimeFormat', message: 'Use formatClock/formatDateTime (renderer/src/charts/time-format.ts): one clock everywhere.' },
      ],
    },
  },
  // Only the composition root, the preload and the IPC adapter may touch Electron.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/transports/**', 'electron/desktop/**', 'electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main.ts, the preload, the IPC adapter and desktop/ touch Electron.' }] }],
    },
  },
  // One front door (invariant 9, issue 14): the CLI reaches the core through the contract — the
  // in-process transport and createCore — never the engine functions behind the handlers. Allowed
  // besides: connection-flag parsing and the address in messages (profile/profile, errors),
  // key bytes ↔ text for flags and output (keys/wire-bytes), a backup's header, read before any
  // connection because it names the db (actions/undo-file), the composition root's parts
  // (data-dir, secret-box, version), and the NOPERM sentence (redis/describe-error) until the core
  // translates Redis errors itself.
  // Not under this rule: the tools that run their own servers and workloads (demo, seed, serve),
  // composition roots of their own.
  {
    files: ['electron/cli/**/*.ts'],
    ignores: ['electron/cli/demo.ts', 'electron/cli/seed.ts', 'electron/cli/serve.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main.ts, the preload, the IPC adapter and desktop/ touch Electron.' }],
          patterns: [
            {
              // A regex: a gitignore-style negation cannot re-include a file below an excluded folder.
              regex: '^(\\.\\./)+core/(?!(core|profile/profile|errors|keys/wire-bytes|actions/undo-file|data-dir|connections/secret-box|version|redis/describe-error)$)',
              message: 'The CLI reaches the core through the contract (transports/in-process + createCore), so every policy is the handlers\' (DESIGN.md invariant 9).',
            },
            { regex: '^(\\.\\./)+transports/(?!in-process$)', message: 'The CLI\'s transport is transports/in-process.' },
            { group: ['**/serve', '**/main'], message: 'The CLI reaches the core through the contract, not another composition root.' },
          ],
        },
      ],
    },
  },
  // A test's own ioredis client must handle its errors (a killed server would print "[ioredis]
  // Unhandled error event"): tests make clients with test/helpers/redis-client.ts.
  {
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/redis-client.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Redis']", message: 'Use testClient() from test/helpers/redis-client: it handles the client\'s errors.' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', performance: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', window: 'readonly', document: 'readonly', PerformanceObserver: 'readonly', MutationObserver: 'readonly' },
    },
  },
);
