#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled to out/; this shim only finds it.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'out', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('Cachescope is not built yet: run npm run build\n');
  process.exit(2);
}
require(entry).cli();
