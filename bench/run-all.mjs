#!/usr/bin/env node
/**
 * `npm run bench`: runs every benchmark of bench/ in turn and rewrites docs/benchmarks.md
 * (the generated tables) and docs/images/benchmarks.svg (the chart) from the results.
 *
 *   npm run bench                              # build once, every benchmark, 5 runs each, render
 *   npm run bench -- --only throughput,size    # a subset (the other results stay as they are)
 *   npm run bench -- --render-only             # re-render from bench/results/*.json, run nothing
 *   npm run bench -- --quick                   # smoke sizes, into dist/bench-quick/ (not the docs)
 *   npm run bench -- --skip-build              # use the dist/ already built
 *
 * Each benchmark writes its results (bench/support/results.mjs) to bench/results/<name>.json;
 * a benchmark that fails is reported, its previous results file is kept, and the others still
 * run; the exit code is 1 when any failed. `--quick` runs tiny sizes (one run each) to check the
 * pipeline in a few minutes: its results and its rendered copy of the page go to
 * dist/bench-quick/, and smoke results are never rendered into docs/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderFiles } from './report/render.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The benchmarks in the order they run (quick and deterministic first, the long storm
 * last). `full` are the arguments for the figures of the docs (the issue's sizes, 5 runs),
 * `quick` those of a smoke run.
 */
export const BENCHMARKS = [
  { name: 'size', full: ['--runs', '5'], quick: ['--runs', '1'] },
  {
    name: 'throughput',
    node: ['--expose-gc'],
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--messages', '20000'],
  },
  {
    name: 'ack-rtt',
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--requests', '500', '--warmup', '100'],
  },
  {
    name: 'memory',
    node: ['--expose-gc'],
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--connections', '50', '--channels', '100', '--messages', '1000'],
  },
  {
    name: 'soak',
    node: ['--expose-gc'],
    full: [],
    quick: ['--cycles', '50', '--subscriptions', '200'],
  },
  {
    name: 'server-load',
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--connections', '200', '--seconds', '1', '--targets', '2000,20000'],
  },
  // Three reference servers sharing Debian's redis-server (issue 9).
  {
    name: 'cluster-load',
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--connections', '60', '--seconds', '1'],
  },
  // In Chromium (playwright-core, /usr/bin/chromium); skipped while its run.mjs is missing.
  { name: 'change-detection', full: ['--runs', '5'], quick: ['--runs', '1', '--seconds', '2'] },
  {
    name: 'reconnect-storm',
    full: ['--runs', '5'],
    quick: ['--runs', '1', '--clients', '50', '--downtime', '500'],
  },
];
const ORDER = [
  'throughput',
  'ack-rtt',
  'size',
  'reconnect-storm',
  'memory',
  'soak',
  'server-load',
  'cluster-load',
  'change-detection',
];
/** Longest any one benchmark may run (the storm at full size takes about 15 minutes). */
const BENCH_TIMEOUT_MS = 60 * 60 * 1000;

const env = {
  ...process.env,
  PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  NG_CLI_ANALYTICS: 'false',
};

function parse() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'render-only': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const names = BENCHMARKS.map((b) => b.name);
  const only = values.only?.split(',').map((name) => name.trim()) ?? names;
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    console.error(`--only: unknown benchmark(s) ${unknown.join(', ')} (${names.join(', ')})`);
    process.exit(2);
  }
  return { ...values, only };
}

/** Where results, the page and the chart go: the repository's, or dist/bench-quick/. */
function paths(quick) {
  const doc = join(ROOT, 'docs', 'benchmarks.md');
  if (!quick) {
    return {
      resultsDir: join(ROOT, 'bench', 'results'),
      doc,
      chartFile: join(ROOT, 'docs', 'images', 'benchmarks.svg'),
    };
  }
  const base = join(ROOT, 'dist', 'bench-quick');
  const quickDoc = join(base, 'benchmarks.md');
  mkdirSync(base, { recursive: true });
  // The smoke page starts from the real one each time, so its prose is current.
  writeFileSync(quickDoc, readFileSync(doc, 'utf8'));
  return {
    resultsDir: join(base, 'results'),
    doc: quickDoc,
    chartFile: join(base, 'images', 'benchmarks.svg'),
  };
}

/** Runs a command with live output; returns its exit code (1 when it could not run). */
function run(bin, args, timeout = BENCH_TIMEOUT_MS) {
  const result = spawnSync(bin, args, { cwd: ROOT, env, stdio: 'inherit', timeout });
  if (result.error?.code === 'ETIMEDOUT') console.error(`${bin} timed out after ${timeout} ms`);
  else if (result.error) console.error(`could not start ${bin}: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * One benchmark: writes to a temporary file first, so a failed run leaves the previous
 * results in place; a run that wrote results but exited non-zero (the soak's invariants) keeps
 * them, since they are the measurement of what failed.
 */
function runBenchmark(bench, { quick, resultsDir }) {
  const script = join(ROOT, 'bench', bench.name, 'run.mjs');
  if (!existsSync(script)) return { status: 'skipped', why: `${relative(ROOT, script)} missing` };
  const args = quick ? bench.quick : bench.full;
  const file = join(resultsDir, `${bench.name}.json`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  mkdirSync(resultsDir, { recursive: true });
  console.log(
    `\n=== ${bench.name}: node ${[...(bench.node ?? []), relative(ROOT, script), ...args].join(' ')}`,
  );
  const started = performance.now();
  const code = run(process.execPath, [...(bench.node ?? []), script, ...args, '--out', partial]);
  const seconds = (performance.now() - started) / 1000;
  let written = null;
  try {
    written = JSON.parse(readFileSync(partial, 'utf8'));
  } catch {
    // No results: the benchmark crashed or timed out before the end.
  }
  if (written !== null) {
    written.run = { args, quick, seconds: Math.round(seconds) };
    writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  }
  rmSync(partial, { force: true });
  if (code !== 0) {
    return { status: 'failed', seconds, why: `exit ${code}${written ? ' (results kept)' : ''}` };
  }
  if (written === null) return { status: 'failed', seconds, why: 'wrote no results' };
  return { status: 'ok', seconds };
}

function main() {
  const options = parse();
  const where = paths(options.quick);
  const outcomes = [];
  if (!options['render-only']) {
    if (!options['skip-build']) {
      // Every benchmark imports the built engine or server: build once, up front.
      for (const script of ['build', 'build:server']) {
        console.log(`\n=== npm run ${script}`);
        if (run('npm', ['run', script], 10 * 60 * 1000) !== 0) {
          console.error(`npm run ${script} failed: no benchmark was run.`);
          process.exit(1);
        }
      }
    }
    for (const bench of BENCHMARKS.filter((b) => options.only.includes(b.name))) {
      outcomes.push({ name: bench.name, ...runBenchmark(bench, { ...options, ...where }) });
    }
  }

  const report = renderFiles({ ...where, order: ORDER, includeQuick: options.quick });
  console.log('\nBenchmarks:');
  for (const o of outcomes) {
    const time = o.seconds === undefined ? '' : ` in ${o.seconds.toFixed(0)} s`;
    console.log(`  ${o.status.padEnd(7)} ${o.name}${time}${o.why ? `: ${o.why}` : ''}`);
  }
  console.log(`Rendered ${relative(ROOT, where.doc)}:`);
  console.log(`  replaced: ${report.replaced.join(', ') || '(nothing)'}`);
  if (report.untouched.length > 0)
    console.log(`  left as they were (no results to render): ${report.untouched.join(', ')}`);
  if (report.noMarkers.length > 0)
    console.log(`  results without markers in the page: ${report.noMarkers.join(', ')}`);
  for (const { name, why } of report.skipped) console.log(`  skipped ${name}.json: ${why}`);
  if (report.chart) console.log(`  chart: ${relative(ROOT, where.chartFile)}`);
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    console.error(
      `\n${failed.length} benchmark(s) failed: ${failed.map((o) => o.name).join(', ')}`,
    );
    process.exit(1);
  }
}

// Importable (the test reads BENCHMARKS) without running anything.
if (process.argv[1] === fileURLToPath(import.meta.url)) main();
