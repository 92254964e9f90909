#!/usr/bin/env node
/**
 * `npm test`: runs every check of the workspace in order and prints one summary line.
 *
 * - Steps run one after another and a failure does not stop the run, so one CI log shows
 *   every problem at once.
 * - Jest and Playwright contribute their real test counts (read from their JSON reports);
 *   every other step counts as one test, passed or failed.
 * - The last line is exactly `N passed, M failed` (CI reads it); exit code 1 if M > 0.
 * - `TEST_ONLY=jest,build npm test` runs a subset (comma-separated step names).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * The checks, in order. Add a step with one line; `jest: true` marks a Jest run whose JSON
 * report supplies the counts, `playwright: '<report path>'` a Playwright run.
 */
const STEPS = [
  { name: 'format', cmd: ['prettier', '--check', '.'] },
  { name: 'lint', cmd: ['ng', 'lint'] },
  {
    name: 'lint-tooling',
    cmd: [
      'eslint',
      'scripts',
      'jest',
      'bench',
      '*.js',
      'projects/reference-server',
      'e2e',
      'playwright.config.ts',
      '.storybook',
    ],
  },
  // The renderer of docs/benchmarks.md (`npm run bench`), plain node:test, no benchmark run.
  { name: 'bench-report', cmd: ['node', '--test', 'bench/report/'] },
  { name: 'typecheck', cmd: ['tsc', '-p', 'tsconfig.spec.json', '--noEmit'] },
  { name: 'typecheck-e2e', cmd: ['tsc', '-p', 'e2e/tsconfig.json', '--noEmit'] },
  { name: 'jest', cmd: ['jest', '--coverage', '--ci'], jest: true },
  { name: 'build', cmd: ['ng', 'build', 'ngx-realtime'] },
  // Bundle sizes of the built library (deterministic): fails when a bundle grows past its ceiling.
  { name: 'size', cmd: ['node', 'bench/size/run.mjs', '--check'] },
  // The component catalogue: every story built into the static site dist/storybook.
  {
    name: 'storybook',
    cmd: ['storybook', 'build', '-c', '.storybook', '-o', 'dist/storybook', '--quiet'],
  },
  // API reference from the JSDoc into dist/api; fails on any export without documentation.
  { name: 'docs', cmd: ['typedoc'] },
  { name: 'build-server', cmd: ['tsc', '-p', 'projects/reference-server/tsconfig.json'] },
  // The built engine over real loopback sockets (`ws`), through kills and reconnects.
  { name: 'live-smoke', cmd: ['node', 'scripts/live-example.mjs', '--smoke'] },
  { name: 'pack', cmd: ['node', 'scripts/pack-check.mjs'] },
  // The demo in Chromium against the reference server; its JSON report supplies the counts.
  { name: 'e2e', cmd: ['node', 'scripts/e2e.mjs'], playwright: '.test-results/e2e-report.json' },
];

/** Longest any one step may run. */
const STEP_TIMEOUT_MS = 15 * 60 * 1000;

// Local binaries first, as `npm run` would do; no `npx` (it adds latency and npm warnings).
const env = {
  ...process.env,
  PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  NG_CLI_ANALYTICS: 'false',
};

function selectSteps() {
  const only = (process.env.TEST_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (only.length === 0) return STEPS;
  const unknown = only.filter((name) => !STEPS.some((step) => step.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown TEST_ONLY step(s): ${unknown.join(', ')}`);
    console.error(`Available: ${STEPS.map((step) => step.name).join(', ')}`);
    process.exit(2);
  }
  return STEPS.filter((step) => only.includes(step.name));
}

/** Runs a command with inherited stdio (output streams live) and returns its exit code. */
function run(cmd) {
  const [bin, ...args] = cmd;
  // A hung step (an open handle keeping Jest alive, say) must fail, not eat CI's time budget.
  const result = spawnSync(bin, args, {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    timeout: STEP_TIMEOUT_MS,
  });
  if (result.error?.code === 'ETIMEDOUT')
    console.error(`${bin} timed out after ${STEP_TIMEOUT_MS / 60000} min`);
  if (result.error) console.error(`Could not start ${bin}: ${result.error.message}`);
  return result.status ?? 1; // null when killed by a signal
}

/** Runs Jest with a JSON report and turns it into counts. */
function runJest(cmd) {
  const dir = mkdtempSync(join(tmpdir(), 'ngx-realtime-jest-'));
  const report = join(dir, 'report.json');
  try {
    const code = run([...cmd, '--json', `--outputFile=${report}`]);
    let json;
    try {
      json = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      console.error('Jest wrote no JSON report (crashed before finishing): counted as 1 failure.');
      return { passed: 0, failed: 1 };
    }
    const passed = json.numPassedTests;
    // Suites that fail to load (syntax error, failing import) have no failed tests of their own.
    let failed = json.numFailedTests + json.numRuntimeErrorTestSuites;
    // A non-zero exit without failed tests: coverage threshold, "no tests found", ...
    if (code !== 0 && failed === 0) {
      console.error(
        `Jest exited with ${code} without failed tests (no tests found or coverage threshold not met): +1 failure.`,
      );
      failed = 1;
    }
    return { passed, failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs Playwright and reads its JSON report (written to `report`) for the counts. */
function runPlaywright(cmd, report) {
  const file = join(ROOT, report);
  rmSync(file, { force: true });
  const code = run(cmd);
  let stats;
  try {
    stats = JSON.parse(readFileSync(file, 'utf8')).stats;
  } catch {
    // No report: the browser is missing, the web server did not start, the config is broken.
    return { passed: 0, failed: 1 };
  }
  const passed = stats.expected + stats.flaky;
  // A skipped browser test is a check that did not run: it counts against the run.
  let failed = stats.unexpected + stats.skipped;
  if (code !== 0 && failed === 0) {
    console.error(`Playwright exited with ${code} without failed tests: +1 failure.`);
    failed = 1;
  }
  return { passed, failed };
}

const steps = selectSteps();
const results = [];
for (const [index, step] of steps.entries()) {
  console.log(`\n=== [${index + 1}/${steps.length}] ${step.name}: ${step.cmd.join(' ')}`);
  const start = performance.now();
  const counts = step.jest
    ? runJest(step.cmd)
    : step.playwright
      ? runPlaywright(step.cmd, step.playwright)
      : run(step.cmd) === 0
        ? { passed: 1, failed: 0 }
        : { passed: 0, failed: 1 };
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const verdict = counts.failed === 0 ? 'ok' : 'FAILED';
  console.log(
    `=== ${step.name}: ${verdict} in ${seconds} s (${counts.passed} passed, ${counts.failed} failed)`,
  );
  results.push({ name: step.name, seconds, ...counts });
}

console.log('\nSummary:');
for (const r of results) {
  const verdict = r.failed === 0 ? 'ok    ' : 'FAILED';
  console.log(
    `  ${verdict} ${r.name.padEnd(14)} ${r.seconds.padStart(6)} s  ${r.passed} passed, ${r.failed} failed`,
  );
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
