#!/usr/bin/env node
/**
 * `npm run e2e`: the real-browser tests (Playwright, playwright.config.ts) with Debian's
 * Chromium. Playwright's own browser download is never used (no download is possible
 * here, and one system browser is enough).
 *
 * When the browser is missing it is installed from Debian's packages where that is
 * possible (root and apt-get); otherwise the run stops with what to install. Arguments are
 * passed on to `playwright test` (`npm run e2e -- feed` runs one file). The static Storybook
 * build (dist/storybook) is built first when it is missing or older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureStorybook } from './storybook-static.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const HOW_TO_INSTALL = [
  `Chromium was not found at ${CHROMIUM} and could not be installed here.`,
  'Install it, then run the tests again:',
  '  Debian / Ubuntu (as root):  apt-get update && apt-get install -y chromium',
  'or point CHROMIUM_PATH at an installed Chromium or Chrome binary, e.g.',
  '  CHROMIUM_PATH=/usr/bin/google-chrome npm run e2e',
  '(`npx playwright install` is not used: the tests run on the system browser.)',
].join('\n');

/** True when apt-get can install packages here (root on a Debian-like system). */
function canUseApt() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CHROMIUM_PATH === undefined && canUseApt()) {
    console.log('Chromium is missing: installing Debian package "chromium" (apt-get).');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const steps = [
      ['apt-get', ['update', '-qq']],
      ['apt-get', ['install', '-y', '-qq', 'chromium']],
    ];
    for (const [bin, args] of steps) {
      if (spawnSync(bin, args, { stdio: 'inherit', env }).status !== 0) break;
    }
    if (existsSync(CHROMIUM)) return true;
  }
  console.error(HOW_TO_INSTALL);
  return false;
}

if (!ensureChromium()) process.exit(1);
// e2e/stories.e2e.ts scans the static Storybook build: (re)build it when missing or stale. On
// failure the output is gone, so that test fails and names the problem; the others still run.
ensureStorybook();

const result = spawnSync('playwright', ['test', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    CHROMIUM_PATH: CHROMIUM,
    PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  },
});
if (result.error) console.error(`Could not start playwright: ${result.error.message}`);
process.exit(result.status ?? 1);
