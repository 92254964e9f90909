// @ts-check
/**
 * Jest configuration: two projects sharing one preset.
 * - unit: zone-less TestBed, every `*.spec.ts` under projects/ except `*.zone.spec.ts`
 * - zone: zone.js TestBed, only `*.zone.spec.ts`
 * Jest only transpiles; `tsc -p tsconfig.spec.json --noEmit` type-checks specs.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

/** @type {import('jest').Config} */
const shared = {
  ...preset,
  rootDir: __dirname,
  testEnvironment: '<rootDir>/jest/jsdom-env.js',
  // Transform ESM-only packages as well: `.mjs` files (Angular FESM bundles) and msw's
  // `until-async` dependency, which ships ESM in plain `.js` files.
  transformIgnorePatterns: [
    'node_modules/(?!(.*\\.mjs$|@angular/common/locales/.*\\.js$|until-async/))',
  ],
  moduleNameMapper: {
    '^ngx-realtime$': '<rootDir>/projects/ngx-realtime/src/public-api.ts',
    '^ngx-realtime/core$': '<rootDir>/projects/ngx-realtime/core/src/public-api.ts',
    '^ngx-realtime/testing$': '<rootDir>/projects/ngx-realtime/testing/src/public-api.ts',
    '^ngx-realtime/testing/harnesses$':
      '<rootDir>/projects/ngx-realtime/testing/harnesses/src/public-api.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/**
 * A path-keyed coverage threshold fails with "Coverage data ... was not found" while its folder
 * holds no source file yet; such a folder is skipped. As soon as it holds one `.ts` file the
 * 90 % line threshold applies (untested files count as 0 %, via collectCoverageFrom).
 * @param {string} dir
 */
function hasSources(dir) {
  const abs = path.join(__dirname, dir);
  if (!fs.existsSync(abs)) return false;
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .some((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts'));
}

/** @type {import('jest').Config} */
const config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      setupFilesAfterEnv: ['<rootDir>/jest/setup-zoneless.ts'],
      testMatch: [
        '<rootDir>/projects/**/*.spec.ts',
        '!**/*.zone.spec.ts',
        '!**/projects/reference-server/**',
        '!**/projects/ngx-realtime/integration/chaos/**',
      ],
    },
    {
      ...shared,
      // The reference server is plain Node: real sockets, no DOM.
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/projects/reference-server/**/*.spec.ts'],
    },
    {
      ...shared,
      // The chaos suite: the engine against the in-process reference server, in plain Node.
      displayName: 'chaos',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/projects/ngx-realtime/integration/chaos/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'zone',
      setupFilesAfterEnv: ['<rootDir>/jest/setup-zone.ts'],
      testMatch: ['<rootDir>/projects/**/*.zone.spec.ts'],
    },
  ],
  collectCoverageFrom: [
    'projects/ngx-realtime/src/lib/**/*.ts',
    'projects/ngx-realtime/core/src/lib/**/*.ts',
    '!**/*.spec.ts',
    '!**/*.stories.ts',
    '!**/index.ts',
    '!**/*.types.ts',
  ],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: Object.fromEntries(
    ['./projects/ngx-realtime/core/src/lib/protocol/', './projects/ngx-realtime/core/src/lib/core/']
      .filter(hasSources)
      .map((dir) => [dir, { lines: 90 }]),
  ),
};

module.exports = config;
