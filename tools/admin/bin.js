#!/usr/bin/env node
// `npx antirelou`: the package's bin. The CLI is TypeScript (tools/admin/cli.ts), run through
// tsx's require hook (installed by `npm ci`), like the simulator: nothing to build first.
/* global require, process */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsx/cjs/api').register();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./cli.ts');

// A reader that stops early (`antirelou senders --flagged | head`) closes the pipe: that is not
// an error of ours, so the command ends quietly instead of printing a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
