import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { seriousViolations } from './support/axe';
import { serveStatic, type StaticServer } from '../scripts/static-server.mjs';

/**
 * axe-core on every Storybook story: each state of each component, rendered alone by the
 * static catalogue (dist/storybook, which `npm run e2e` builds when it is missing or stale),
 * must have no serious or critical violation. One test per story, so a failure names it.
 */

const STORYBOOK = join(__dirname, '..', 'dist', 'storybook');

/** The story ids in the build's index (docs pages are left out: they repeat the stories). */
function storyIds(): string[] {
  try {
    const index = JSON.parse(readFileSync(join(STORYBOOK, 'index.json'), 'utf8')) as {
      entries: Record<string, { type: string }>;
    };
    return Object.entries(index.entries)
      .filter(([, entry]) => entry.type === 'story')
      .map(([id]) => id);
  } catch {
    return [];
  }
}

/** Renders a story alone and resolves once Storybook has finished it (or shows an error). */
async function renderStory(page: Page, base: string, id: string): Promise<void> {
  await page.goto(`${base}iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
  const outcome = await page.waitForFunction((storyId) => {
    const body = document.body.classList;
    if (body.contains('sb-show-errordisplay') || body.contains('sb-show-nopreview')) return 'error';
    const preview = (window as { __STORYBOOK_PREVIEW__?: StorybookPreview }).__STORYBOOK_PREVIEW__;
    const render = preview?.currentRender;
    return render?.id === storyId && render.phase === 'finished' ? 'finished' : false;
  }, id);
  if ((await outcome.jsonValue()) === 'finished') {
    // Not a vacuous scan: the story put at least one of the library's components on the page.
    const components = await page.evaluate(
      () =>
        [...document.querySelectorAll('#storybook-root *')].filter((element) =>
          element.localName.startsWith('rt-'),
        ).length,
    );
    expect(components, `story ${id} rendered no rt-* component`).toBeGreaterThan(0);
    return;
  }
  const error = await page.evaluate(() => document.querySelector('#error-message')?.textContent);
  throw new Error(`story ${id} failed to render: ${error ?? 'no story with this id'}`);
}

/** The part of Storybook's preview object read here (`window.__STORYBOOK_PREVIEW__`). */
interface StorybookPreview {
  readonly currentRender?: { readonly id?: string; readonly phase?: string };
}

const ids = storyIds();

test.describe('Storybook stories (axe-core)', () => {
  // One page for all stories, so the browser's cache holds the catalogue's scripts (a fresh
  // context per story would load them again every time). Animations off: a colour check in
  // the middle of a fade would make the scan flaky.
  let server: StaticServer;
  let context: BrowserContext;
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    server = await serveStatic(STORYBOOK);
    context = await browser.newContext({ reducedMotion: 'reduce' });
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  // A scan of nothing would pass: an empty or missing catalogue is a failure of its own.
  test('the static Storybook build lists stories', () => {
    const hint = `no story in ${STORYBOOK}/index.json: run npm run storybook:build`;
    expect(ids.length, hint).toBeGreaterThan(0);
  });

  for (const id of ids) {
    test(`${id} has no serious or critical violations`, async () => {
      await renderStory(page, server.url, id);
      expect(await seriousViolations(page), `axe-core in story ${id}`).toEqual([]);
    });
  }
});
