/**
 * Storybook configuration: the component catalogue of ngx-realtime.
 * - `npm run storybook` serves it on http://127.0.0.1:6006; `npm run storybook:build` writes
 *   the static site to dist/storybook (scripts/test.mjs builds it in CI).
 * - Stories live next to their components (`*.stories.ts`) and import the library from
 *   'ngx-realtime', resolved to its sources (aliases below).
 * - Angular runs zoneless (the framework's default), as in the library's tests and the demo.
 */
import { fileURLToPath } from 'node:url';

import type { StorybookConfig } from '@storybook/angular-vite';

/** Absolute path of a file in the library project. */
const library = (path: string): string =>
  fileURLToPath(new URL(`../projects/ngx-realtime/${path}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../projects/ngx-realtime/src/lib/components/**/*.stories.ts'],
  // Docs pages (`tags: ['autodocs']`): description, inputs and outputs from the JSDoc, controls.
  addons: ['@storybook/addon-docs'],
  framework: {
    name: '@storybook/angular-vite',
    options: { tsconfig: '.storybook/tsconfig.json' },
  },
  // No telemetry, no "what's new" fetches: CI and this workspace run offline.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The framework maps tsconfig `paths` only on Vite 8 (`resolve.tsconfigPaths`); the builder
  // runs on the workspace's Vite 7 (pinned by @angular/build), so name the entry points here.
  viteFinal: async (viteConfig) => {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      // Warnings only: the per-file size listing buries the CI log. A static catalogue has big
      // chunks (Angular plus the Storybook UI), which is fine here.
      logLevel: 'warn',
      build: { chunkSizeWarningLimit: 4096 },
      resolve: {
        alias: [
          { find: /^ngx-realtime$/, replacement: library('src/public-api.ts') },
          { find: /^ngx-realtime\/core$/, replacement: library('core/src/public-api.ts') },
          { find: /^ngx-realtime\/testing$/, replacement: library('testing/src/public-api.ts') },
          {
            find: /^ngx-realtime\/testing\/harnesses$/,
            replacement: library('testing/harnesses/src/public-api.ts'),
          },
        ],
      },
    });
  },
};

export default config;
