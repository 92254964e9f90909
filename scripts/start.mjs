#!/usr/bin/env node
/**
 * `npm start`: builds the library, then runs the live example against a local server.
 * (The demo app and the reference server replace the example when they land.)
 */
import { spawnSync } from 'node:child_process';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const env = {
  ...process.env,
  PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  NG_CLI_ANALYTICS: 'false',
};

const build = spawnSync('ng', ['build', 'ngx-realtime'], { cwd: ROOT, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const example = spawnSync('node', ['scripts/live-example.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
process.exit(example.status ?? 0);
