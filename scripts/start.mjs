#!/usr/bin/env node
/**
 * `npm start`: the live demo. Compiles the reference server, builds the demo app, then
 * serves both from one process (scripts/demo-server.mjs): the reference server in dev mode
 * with the simulator and the test-control API on 127.0.0.1:8082, the demo on
 * http://127.0.0.1:4200/. Open it in two windows as two users (`?user=alice`, `?user=bob`).
 *
 * Extra arguments go to demo-server.mjs (`npm start -- --port 4300`). For live reload while
 * working on the demo, run `npm run server -- --secret dev --simulate --control` and
 * `ng serve demo` instead. The framework-free console client of earlier releases is still
 * there: `node scripts/live-example.mjs` (after `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

const demo = spawnSync(
  process.execPath,
  ['scripts/demo-server.mjs', '--build', '--simulate', '--control', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
process.exit(demo.status ?? 0);
