#!/usr/bin/env node
/**
 * Packaging test: does the published tarball work in a fresh Angular application?
 *
 * 1. `npm pack` dist/ngx-realtime (built first if missing) and check the tarball's file list.
 * 2. Write a minimal Angular app into a temp dir that installs the tarball as `file:` dependency
 *    and imports both entry points (`ngx-realtime`, `ngx-realtime/testing`).
 * 3. `npm install` (offline-first: the workspace's npm cache holds every package) and
 *    `ng build` it. Exit 0 and print the bundle size when the build succeeds.
 *
 * Set KEEP_PACK_CHECK=1 to keep the temp dir for debugging.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'ngx-realtime');
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };

// What the scratch app uses from each entry point. Change these when the public API changes.
const MAIN_TS = `import { Component } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideRealtime } from 'ngx-realtime';
import { testingEntryPoint } from './app.spec-imports';

@Component({ selector: 'app-root', template: '<h1>ngx-realtime pack check</h1>' })
class App {}

// Keeps the testing entry point in the bundle, so esbuild must resolve it too.
if (typeof testingEntryPoint !== 'function') throw new Error('ngx-realtime/testing is broken');

bootstrapApplication(App, {
  providers: [provideRealtime({ url: 'ws://localhost:8082/ws' })],
}).catch((error: unknown) => console.error(error));
`;
const SPEC_IMPORTS_TS = `import { provideRealtimeTesting } from 'ngx-realtime/testing';

export const testingEntryPoint = provideRealtimeTesting;
`;

/** Runs a command; throws with its output when it fails, else returns its stdout. */
function sh(cmd, args, cwd, { quiet = false } = {}) {
  const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  if (!quiet) process.stdout.write(output);
  return result.stdout;
}

function writeFiles(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
    writeFileSync(join(dir, path), text);
  }
}

/** package.json of the scratch app: exactly the workspace's versions, plus the tarball. */
function appPackageJson(tarball) {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const all = { ...root.dependencies, ...root.devDependencies };
  const pick = (names) => Object.fromEntries(names.map((name) => [name, all[name]]));
  return {
    name: 'ngx-realtime-pack-check',
    private: true,
    dependencies: {
      ...pick([
        '@angular/common',
        '@angular/compiler',
        '@angular/core',
        '@angular/platform-browser',
        'rxjs',
        'tslib',
      ]),
      'ngx-realtime': `file:${tarball}`,
    },
    devDependencies: pick([
      '@angular/build',
      '@angular/cli',
      '@angular/compiler-cli',
      'typescript',
    ]),
    // Same pins as the workspace: newer patch releases lack platform builds on this registry.
    overrides: root.overrides,
  };
}

const ANGULAR_JSON = {
  $schema: './node_modules/@angular/cli/lib/config/schema.json',
  version: 1,
  cli: { analytics: false },
  projects: {
    app: {
      projectType: 'application',
      root: '',
      sourceRoot: 'src',
      architect: {
        build: {
          builder: '@angular/build:application',
          options: {
            browser: 'src/main.ts',
            index: 'src/index.html',
            tsConfig: 'tsconfig.json',
            outputPath: 'dist/app',
          },
        },
      },
    },
  },
};

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    skipLibCheck: false, // type-check the shipped .d.ts files as well
    isolatedModules: true,
    target: 'ES2022',
    module: 'preserve',
    moduleResolution: 'bundler',
  },
  angularCompilerOptions: { strictTemplates: true },
  files: ['src/main.ts'],
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>pack check</title><base href="/"></head>
  <body><app-root></app-root></body>
</html>
`;

/** Fails when the tarball misses required files or ships sources, specs or maps it should not. */
function checkTarballContents(files) {
  const required = [
    'package.json',
    'README.md',
    'LICENSE',
    'fesm2022/ngx-realtime.mjs',
    // The harnesses ship as their own entry point: the scratch app has no @angular/cdk and
    // still builds with ngx-realtime/testing, which proves the split.
    'fesm2022/ngx-realtime-testing-harnesses.mjs',
  ];
  const missing = required.filter((file) => !files.includes(file));
  const leaked = files.filter((file) => /\.spec\.|\.stories\.|(^|\/)src\//.test(file));
  if (missing.length > 0 || leaked.length > 0) {
    throw new Error(
      `Bad tarball: missing [${missing.join(', ')}], unexpected [${leaked.join(', ')}]`,
    );
  }
}

function main() {
  if (!existsSync(join(DIST, 'package.json'))) {
    console.log('dist/ngx-realtime is missing: building the library first.');
    sh(join(ROOT, 'node_modules', '.bin', 'ng'), ['build', 'ngx-realtime'], ROOT);
  }

  const tmp = mkdtempSync(join(tmpdir(), 'ngx-realtime-pack-'));
  try {
    const [pack] = JSON.parse(
      sh('npm', ['pack', '--json', '--pack-destination', tmp], DIST, { quiet: true }),
    );
    const tarball = join(tmp, pack.filename);
    checkTarballContents(pack.files.map((file) => file.path));
    console.log(
      `Packed ${pack.filename}: ${pack.files.length} files, ${(pack.size / 1024).toFixed(1)} kB`,
    );

    const app = join(tmp, 'app');
    writeFiles(app, {
      'package.json': appPackageJson(tarball),
      'angular.json': ANGULAR_JSON,
      'tsconfig.json': TSCONFIG,
      'src/index.html': INDEX_HTML,
      'src/main.ts': MAIN_TS,
      'src/app.spec-imports.ts': SPEC_IMPORTS_TS,
    });

    console.log('Installing the scratch app (offline-first)...');
    sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app, { quiet: true });
    // The engine entry point must load in plain Node, with no Angular compiler around.
    const probe = `import('ngx-realtime/core').then((m) => {
      if (typeof m.RealtimeClient !== 'function') throw new Error('RealtimeClient missing');
      new m.RealtimeClient({ url: 'ws://localhost:1/ws', lifecycle: null }).destroy();
      console.log('ngx-realtime/core loads in Node');
    })`;
    sh('node', ['--input-type=module', '-e', probe], app);
    const build = sh(join(app, 'node_modules', '.bin', 'ng'), ['build'], app);
    // Table row "| Initial total | <raw> | <estimated transfer>" of the Angular build output.
    const sizeLine = build.split('\n').find((line) => line.includes('Initial total')) ?? '';
    const [raw = '?', transfer = '?'] = sizeLine
      .split('|')
      .map((cell) => cell.trim())
      .slice(2);
    console.log(`pack-check ok: initial bundle ${raw} raw, ${transfer} estimated transfer`);
  } finally {
    if (process.env.KEEP_PACK_CHECK === '1') console.log(`Kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
