#!/usr/bin/env node
/**
 * `npm run screenshots`: one PNG per component state for docs/components.md, written to
 * docs/images/<name>.png from the static Storybook build (built first when missing or stale).
 *
 * - SHOTS maps each picture to its story. Every `images/*.png` that docs/components.md
 *   references must be in SHOTS (the run fails otherwise), so the docs never point at a
 *   picture this script does not make.
 * - Repeatable: Debian's Chromium, reduced motion, a fixed viewport, scale 2, en-US and UTC;
 *   each picture is the rendered story cropped with a small margin.
 * - Not part of `npm test`: the pictures are reviewed artefacts. Run it after a visual
 *   change and review the diff. `npm run screenshots -- badge` takes only the pictures whose
 *   name contains "badge".
 */
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureStorybook, serveStorybook } from './storybook-static.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'images');
const DOC = join(ROOT, 'docs', 'components.md');

/** Waits until the countdown shows "4 s", the value the docs quote (the story starts at 5 s). */
const countdownAtFour = (root) => root.getByText(/ 4 s/).waitFor();

/** Focuses the banner's button from the keyboard, so that its focus ring shows. */
async function keyboardFocus(root) {
  await root.page().keyboard.press('Tab');
  await root.locator('button:focus-visible').waitFor();
}

/** [picture name, story id, optional preparation before the picture]. */
const SHOTS = [
  ['notification-badge-default', 'components-notification-badge--default'],
  ['notification-badge-capped', 'components-notification-badge--capped'],
  ['notification-badge-show-zero', 'components-notification-badge--show-zero'],
  ['typing-indicator-one', 'components-typing-indicator--one-typing'],
  ['typing-indicator-two', 'components-typing-indicator--two-typing'],
  ['typing-indicator-many', 'components-typing-indicator--many-typing'],
  ['new-posts-banner-several', 'components-new-posts-banner--several'],
  ['new-posts-banner-one', 'components-new-posts-banner--one'],
  // No story of its own: the "several" story, focused from the keyboard.
  ['new-posts-banner-focus', 'components-new-posts-banner--several', keyboardFocus],
  ['presence-indicator-online', 'components-presence-indicator--online'],
  ['presence-indicator-away', 'components-presence-indicator--away'],
  ['presence-indicator-busy', 'components-presence-indicator--busy'],
  ['presence-indicator-offline', 'components-presence-indicator--offline'],
  ['presence-indicator-last-seen-text', 'components-presence-indicator--last-seen-text'],
  ['presence-indicator-on-an-avatar', 'components-presence-indicator--on-an-avatar'],
  ['connection-status-connected', 'components-connection-status--connected'],
  ['connection-status-connecting', 'components-connection-status--connecting'],
  [
    'connection-status-reconnecting-countdown',
    'components-connection-status--reconnecting-countdown',
    countdownAtFour,
  ],
  ['connection-status-polling', 'components-connection-status--polling'],
  ['connection-status-unauthorized', 'components-connection-status--unauthorized'],
  ['connection-status-disconnected', 'components-connection-status--disconnected'],
  ['message-status-sending', 'components-message-status--sending'],
  ['message-status-sent', 'components-message-status--sent'],
  ['message-status-delivered', 'components-message-status--delivered'],
  ['message-status-read', 'components-message-status--read'],
  ['message-status-failed', 'components-message-status--failed'],
];

/** The picture names docs/components.md references that SHOTS does not make. */
function unmadeReferences() {
  const referenced = new Set(
    [...readFileSync(DOC, 'utf8').matchAll(/images\/([a-z0-9-]+)\.png/g)].map((m) => m[1]),
  );
  return [...referenced].filter((name) => !SHOTS.some(([shot]) => shot === name));
}

/** Opens a story alone and waits until Storybook has finished rendering it. */
async function openStory(page, base, id) {
  await page.goto(`${base}iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
  await page.waitForFunction((storyId) => {
    // Runs in the page (globalThis is its window).
    const render = globalThis.__STORYBOOK_PREVIEW__?.currentRender;
    const { body } = globalThis.document;
    if (body.classList.contains('sb-show-errordisplay')) throw new Error('story error');
    return render?.id === storyId && render.phase === 'finished';
  }, id);
  // Shrink the story's root to its content, with a margin: the picture is cropped to it. The
  // components inherit the page's font and the catalogue sets none (serif): use a common
  // sans-serif, as an app would (Arial, or its metric twin Liberation Sans on Linux).
  await page.addStyleTag({
    content:
      '#storybook-root { display: inline-block !important; padding: 12px; } ' +
      "body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; }",
  });
  return page.locator('#storybook-root');
}

const missing = unmadeReferences();
if (missing.length > 0) {
  console.error(`docs/components.md references pictures with no story in SHOTS: ${missing}`);
  process.exit(1);
}
if (!ensureStorybook()) process.exit(1);

const filter = process.argv[2] ?? '';
const shots = SHOTS.filter(([name]) => name.includes(filter));
mkdirSync(OUT, { recursive: true });
const server = await serveStorybook();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = 0;
try {
  const context = await browser.newContext({
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 2,
    reducedMotion: 'reduce',
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  for (const [name, id, prepare] of shots) {
    try {
      const root = await openStory(page, server.url, id);
      await prepare?.(root);
      await root.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled' });
      console.log(`docs/images/${name}.png  (${id})`);
    } catch (error) {
      failed++;
      console.error(`${name} (${id}) failed: ${error instanceof Error ? error.message : error}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${shots.length - failed} screenshots written to docs/images, ${failed} failed.`);
process.exit(failed > 0 || shots.length === 0 ? 1 : 0);
