#!/usr/bin/env node
// `node scripts/require-node.mjs 22.12.0 "packaging"`: stop with one plain line when this Node is
// older than the step needs (Electron 45's toolchain — @electron/get, @electron/rebuild,
// node-abi — declares Node >= 22.12), instead of a stack trace from deep inside it.
const [wanted = '0.0.0', what = 'this step'] = process.argv.slice(2);
const parts = (v) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
const [a, b] = [parts(process.versions.node), parts(wanted)];
const older = a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
if (older) {
  console.error(`${what} needs Node >= ${wanted}; this is Node ${process.versions.node}. Serve mode, the CLI and the tests run on Node 20.19+.`);
  process.exit(1);
}
