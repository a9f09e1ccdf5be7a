#!/usr/bin/env node
// `npm start` (after the build): the desktop app when an Electron binary exists, otherwise
// serve mode in the browser, so the app still runs where Electron's download is blocked.
// Extra arguments (`npm start -- --port 4000`) go to whichever child runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** ELECTRON_PATH, else the binary the electron package would run — without its download fallback. */
export function findElectronBinary(env = process.env, dir = projectDir) {
  if (env.ELECTRON_PATH) return existsSync(env.ELECTRON_PATH) ? env.ELECTRON_PATH : null;
  const pkg = path.join(dir, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command, args, env) {
  // Its own process group on POSIX, so a terminal's Ctrl-C reaches the child once (forwarded
  // below) rather than twice; the CLI treats a second Ctrl-C as "stop now, skip cleanup".
  const child = spawn(command, args, { cwd: projectDir, stdio: 'inherit', env, detached: process.platform !== 'win32' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
  });
}

function main() {
  const extraArgs = process.argv.slice(2);
  const electron = findElectronBinary();
  if (electron) {
    // An inherited ELECTRON_RUN_AS_NODE would make Electron behave as plain Node.
    const { ELECTRON_RUN_AS_NODE: _unused, ...env } = process.env;
    run(electron, [projectDir, ...extraArgs], env);
    return;
  }
  console.log('Electron binary not found (downloads are blocked here) — starting serve mode instead.');
  run(process.execPath, [path.join(projectDir, 'bin', 'cachescope.js'), 'serve', ...extraArgs], process.env);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
