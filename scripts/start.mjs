#!/usr/bin/env node
/**
 * `npm start`: builds the library and the reference server, then starts the server (dev
 * mode, simulator, control API) on 127.0.0.1:8082 with a live example client attached.
 * (The demo app joins in a later release.)
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

for (const [bin, ...args] of [
  ['ng', 'build', 'ngx-realtime'],
  ['tsc', '-p', 'projects/reference-server/tsconfig.json'],
]) {
  const build = spawnSync(bin, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const example = spawnSync('node', ['scripts/live-example.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
process.exit(example.status ?? 0);
