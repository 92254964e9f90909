/**
 * The static Storybook build (dist/storybook): rebuilt only when it is missing or older than
 * what it is built from, and served over loopback. Used by `npm run e2e` (the axe scan of
 * every story, e2e/stories.e2e.ts) and `npm run screenshots`; in `npm test` the `storybook`
 * step has just built it, so the e2e step finds it fresh and does not build it twice.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Where the static catalogue is written (the `storybook:build` npm script's output). */
export const STORYBOOK_DIR = join(ROOT, 'dist', 'storybook');
const INDEX = join(STORYBOOK_DIR, 'index.json');

/** Inputs of the build: the library's sources (stories included) and the Storybook config. */
const SOURCES = ['projects/ngx-realtime', '.storybook'];

/** Newest modification time (ms) of the files under `dir`, specs and build output skipped. */
function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.spec.ts')) continue;
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/** True when dist/storybook exists and is newer than every source it is built from. */
export function storybookIsFresh() {
  let built;
  try {
    built = statSync(INDEX).mtimeMs;
  } catch {
    return false;
  }
  return SOURCES.every((dir) => newest(join(ROOT, dir)) <= built);
}

/**
 * Builds dist/storybook unless it is fresh. Returns false when the build fails; the output
 * is then removed, so that nothing stale gets scanned or photographed as if it were current.
 */
export function ensureStorybook() {
  if (storybookIsFresh()) return true;
  console.log('Building Storybook into dist/storybook (missing or older than its sources).');
  const result = spawnSync(
    'storybook',
    ['build', '-c', '.storybook', '-o', 'dist/storybook', '--quiet'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      },
    },
  );
  if (result.status === 0) return true;
  console.error('The Storybook build failed.');
  rmSync(STORYBOOK_DIR, { recursive: true, force: true });
  return false;
}

/** Serves dist/storybook on a free loopback port: `{ url, close }`, `url` ends with a slash. */
export function serveStorybook() {
  return serveStatic(STORYBOOK_DIR);
}
