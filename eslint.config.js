// @ts-check
/**
 * ESLint flat config for the whole workspace.
 * - `ng lint` lints the Angular projects (lintFilePatterns in angular.json).
 * - `eslint scripts jest '*.js'` lints the Node tooling (scripts/test.mjs runs both).
 */
const eslint = require('@eslint/js');
const { defineConfig, globalIgnores } = require('eslint/config');
const tseslint = require('typescript-eslint');
const angular = require('angular-eslint');

const LIBRARY = 'projects/ngx-realtime';
const SPECS = ['**/*.spec.ts', '**/*.zone.spec.ts', '**/integration/**/*.ts'];

// Node globals for the tooling scripts (the `globals` package is not a dependency).
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'fetch',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'queueMicrotask',
    'performance',
  ].map((name) => [name, 'readonly']),
);

// Sinks that turn strings into markup or bypass Angular's sanitizer: never in library code.
const UNSAFE_DOM_SYNTAX = [
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Do not touch innerHTML/outerHTML in the library: render through Angular templates.',
  },
  {
    selector: 'MemberExpression[property.value=/^(innerHTML|outerHTML)$/]',
    message: 'Do not touch innerHTML/outerHTML in the library: render through Angular templates.',
  },
  {
    selector: 'MemberExpression[property.name="insertAdjacentHTML"]',
    message: 'insertAdjacentHTML parses strings as HTML: render through Angular templates.',
  },
  {
    selector: 'MemberExpression[property.name=/^bypassSecurityTrust/]',
    message: "Never bypass Angular's sanitizer in the library.",
  },
];

module.exports = defineConfig([
  globalIgnores([
    'dist/',
    'coverage/',
    '.angular/',
    'out-tsc/',
    'tmp/',
    'storybook-static/',
    '**/node_modules/',
  ]),

  // TypeScript everywhere (library, specs, jest setup, later demo and server).
  {
    files: ['**/*.ts'],
    extends: [
      eslint.configs.recommended,
      tseslint.configs.recommended,
      tseslint.configs.stylistic,
      angular.configs.tsRecommended,
    ],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'rt', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'rt', style: 'camelCase' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },

  // Shipped library code (primary and testing entry points): no console, no unsafe DOM sinks.
  {
    files: [`${LIBRARY}/src/**/*.ts`, `${LIBRARY}/core/**/*.ts`, `${LIBRARY}/testing/**/*.ts`],
    ignores: SPECS,
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...UNSAFE_DOM_SYNTAX],
      'no-restricted-properties': [
        'error',
        { object: 'document', property: 'write', message: 'document.write is forbidden.' },
        { object: 'document', property: 'writeln', message: 'document.writeln is forbidden.' },
      ],
    },
  },

  // The demo app: its own selector prefix; it renders text only, like the library.
  {
    files: ['projects/demo/**/*.ts'],
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'demo', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'demo', style: 'camelCase' },
      ],
      'no-restricted-syntax': ['error', ...UNSAFE_DOM_SYNTAX],
    },
  },

  // Benchmark pages (bench/change-detection/app): their own selector prefix.
  {
    files: ['bench/**/*.ts'],
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'bench', style: 'kebab-case' },
      ],
    },
  },

  // The reference server logs through its structured logger only.
  {
    files: ['projects/reference-server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },

  // Specs may use non-null assertions on fixtures and empty stub functions.
  {
    files: SPECS,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },

  // Angular templates (external .html and inline templates extracted by the processor).
  {
    files: ['**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
  },

  // Node tooling: scripts (ESM) and CommonJS config files.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { ecmaVersion: 2024, globals: NODE_GLOBALS },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { __dirname: 'readonly', __filename: 'readonly' },
    },
  },
]);
