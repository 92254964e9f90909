/**
 * The renderer of docs/benchmarks.md (`node --test bench/report/`): regions replaced between
 * their markers and nowhere else, missing results leave a region as it is, numbers formatted
 * as on the page, the chart deterministic. Plain Node, no benchmark is run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BENCHMARKS } from '../run-all.mjs';
import { renderChart } from './chart.mjs';
import { loadResults, readRegion, renderDocument, renderFiles, replaceRegion } from './render.mjs';
import { renderSection } from './sections.mjs';

const THROUGHPUT_TABLE = `| library | msg/s (median) | min – max | × raw \`ws\` |
|---|---:|---:|---:|
| **ngx-realtime** (engine) | **259,569** | 201,152 – 286,777 | **0.62** |
| raw \`ws\` + \`JSON.parse\` | 417,497 | 370,704 – 442,017 | 1.00 |
| socket.io-client 4.8.4 | 185,475 | 162,160 – 218,073 | 0.44 |`;

/** A throughput result with the figures of the page's table. */
function throughputResult(extra = {}) {
  const row = (name, median, min, max, version) => ({
    name,
    ...(version ? { version } : {}),
    median,
    min,
    max,
    ratio: median / 417_497,
  });
  return {
    benchmark: 'throughput',
    date: '2026-11-22',
    machine: { cpus: 2, node: 'v20.20.2' },
    messages: 200_000,
    channels: 10,
    runs: 5,
    rows: [
      row('ngx-realtime', 259_569, 201_152, 286_777),
      row('ws', 417_497, 370_704, 442_017, '8.23.0'),
      row('socket.io-client', 185_475, 162_160, 218_073, '4.8.4'),
    ],
    targets: [
      { name: 'ngx-realtime vs raw ws', target: '≥ 0.90× raw ws', value: 0.6217, met: false },
      {
        name: 'ngx-realtime vs socket.io-client',
        target: '≥ 1.4× socket.io-client',
        value: 1.3995,
        met: false,
      },
    ],
    ...extra,
  };
}

const PAGE = `# Benchmarks

Prose at the top, hand-written.

<!-- bench:summary:start -->

| benchmark | command | target | result (2026-11-01) |
|---|---|---|---|
| inbound throughput | \`npm run bench:throughput\` | old target | old result |
| ack round trip | \`npm run bench:ack\` | p50 ≤ 1.1× raw \`ws\` | **missed**: 1.17× |

<!-- bench:summary:end -->

## Inbound throughput

Method prose.

<!-- bench:throughput:start -->
old throughput table
<!-- bench:throughput:end -->

Findings prose after the table.

## Ack round trip

<!-- bench:ack-rtt:start -->
old ack table, kept
<!-- bench:ack-rtt:end -->

The end.
`;

/** The page with every region's content cut out: what must never change. */
const prose = (page) =>
  page.replace(/(<!-- bench:[\w-]+:start -->)[\s\S]*?(<!-- bench:[\w-]+:end -->)/g, '$1$2');

test('replaceRegion replaces only between the markers', () => {
  const out = replaceRegion(PAGE, 'throughput', 'NEW');
  assert.equal(readRegion(out, 'throughput').trim(), 'NEW');
  assert.equal(prose(out), prose(PAGE));
  assert.equal(replaceRegion(PAGE, 'no-such-region', 'NEW'), PAGE);
});

test('renderDocument renders regions with results and leaves the others as they were', () => {
  const { markdown, report } = renderDocument(
    PAGE,
    { throughput: throughputResult() },
    {
      order: ['throughput', 'ack-rtt'],
      image: 'images/benchmarks.svg',
    },
  );
  assert.equal(prose(markdown), prose(PAGE));
  assert.ok(readRegion(markdown, 'throughput').includes(THROUGHPUT_TABLE));
  assert.match(
    readRegion(markdown, 'throughput'),
    /### Results \(medians of 5 runs, 200,000 messages, 10 channels\)/,
  );
  assert.equal(readRegion(markdown, 'ack-rtt'), readRegion(PAGE, 'ack-rtt'));
  assert.deepEqual(report.replaced, ['summary', 'throughput']);
  assert.deepEqual(report.untouched, ['ack-rtt']);

  const summary = readRegion(markdown, 'summary');
  assert.match(summary, /\| result \(2026-11-22\) \|/);
  assert.match(
    summary,
    /\| inbound throughput \| `npm run bench:throughput` \| ≥ 0\.90× raw `ws`, ≥ 1\.4× socket\.io-client \| \*\*missed\*\*: 0\.62× raw `ws`, 1\.40× socket\.io-client \|/,
  );
  // The ack row has no results: kept word for word.
  assert.ok(
    summary.includes(
      '| ack round trip | `npm run bench:ack` | p50 ≤ 1.1× raw `ws` | **missed**: 1.17× |',
    ),
  );
  assert.ok(summary.includes('![Each benchmark'));
  // Rendering again from the same results changes nothing.
  const again = renderDocument(
    markdown,
    { throughput: throughputResult() },
    {
      order: ['throughput'],
      image: 'images/benchmarks.svg',
    },
  );
  assert.equal(again.markdown, markdown);
});

test('without any results the page stays byte for byte', () => {
  const { markdown, chart } = renderDocument(PAGE, {}, { image: 'images/benchmarks.svg' });
  assert.equal(markdown, PAGE);
  assert.equal(chart, null);
});

test('results without markers are reported, not inserted', () => {
  const size = { benchmark: 'size', date: '2026-11-22', rows: [], targets: [] };
  const { report } = renderDocument(PAGE, { size }, {});
  assert.deepEqual(report.noMarkers, ['size']);
});

test('the chart is deterministic and well-formed', () => {
  const results = { throughput: throughputResult() };
  const first = renderChart(results);
  assert.equal(renderChart(structuredClone(results)), first);
  assert.match(first, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(first, /Inbound throughput/);
  assert.doesNotMatch(first, /NaN|undefined|Infinity/);
  assert.equal(first.match(/<rect /g).length, 1 + 2 + 3); // background, legend, 3 bars
});

test('change detection: ticks and frames per variant, the bare socket without ticks', () => {
  const row = {
    ticksPerSecond: 16.5,
    min: 10.4,
    max: 28,
    framesPerSecond: 17.2,
    ticksPerFrame: 1.04,
    ticksPerFrameMin: 0.93,
    ticksPerFrameMax: 1.35,
    maxTicksInOneFrame: 11,
    scriptMsPerSecond: 296.2,
    correctRuns: 5,
    runs: 5,
  };
  const text = renderSection('change-detection', {
    settings: { runs: 5, seconds: 5, rate: 10_000 },
    rows: [
      { ...row, name: 'ngx-zoneless', label: 'ngx-realtime, zone-less', vsBaseline: 0.12 },
      { ...row, name: 'raw-socket', label: 'bare WebSocket', vsBaseline: null },
    ],
    targets: [],
  });
  assert.match(text, /### Results \(10,000 messages\/s for 5 s, medians of 5 runs\)/);
  assert.match(
    text,
    /\| \*\*ngx-realtime, zone-less\*\* \| \*\*16\.5\*\* \| 10\.4 – 28\.0 \| 17\.2 \| \*\*1\.04\*\* \(0\.93 – 1\.35\) \| 11 \| 296 \| \*\*0\.12\*\* \| 5\/5 \|/,
  );
  assert.match(text, /\| bare WebSocket \| — \| — \| 17\.2 \| — \| — \| 296 \| — \| 5\/5 \|/);
});

test('a benchmark without its own layout gets a generic table', () => {
  const text = renderSection('some-new-benchmark', {
    runs: 5,
    unit: 'ms',
    rows: [{ name: 'ngx-realtime', median: 12.345, min: 11.5, max: 13, ratio: 0.8 }],
    targets: [],
  });
  assert.match(text, /\| ngx-realtime \| 12\.3 \| 11\.5 – 13\.0 \| 0\.80 \|/);
  // A median named after what it measures, and the ratio as `vsBaseline`.
  const named = renderSection('some-new-benchmark', {
    settings: { runs: 5 },
    rows: [{ name: 'ngx-zoneless', ticksPerSecond: 59.9, min: 59, max: 60.2, vsBaseline: 0.05 }],
    targets: [],
  });
  assert.match(named, /### Results \(medians of 5 runs\)/);
  assert.match(named, /\| ticksPerSecond \(median\) \|/);
  assert.match(named, /\| ngx-zoneless \| 59\.9 \| 59\.0 – 60\.2 \| 0\.05 \|/);
  assert.match(
    renderChart({
      'change-detection': { rows: [{ name: 'a', ticksPerSecond: 1, vsBaseline: 0.5 }] },
    }),
    /0\.50×/,
  );
});

test('loadResults skips smoke results and files not in the results shape', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  try {
    writeFileSync(join(dir, 'throughput.json'), JSON.stringify(throughputResult()));
    writeFileSync(
      join(dir, 'ack-rtt.json'),
      JSON.stringify({ ...throughputResult(), run: { quick: true } }),
    );
    writeFileSync(join(dir, 'memory.json'), '{"legacy": true}');
    const { results, skipped } = loadResults(dir);
    assert.deepEqual(Object.keys(results), ['throughput']);
    assert.deepEqual(
      skipped.map((s) => s.name),
      ['ack-rtt', 'memory'],
    );
    assert.deepEqual(Object.keys(loadResults(dir, { includeQuick: true }).results), [
      'ack-rtt',
      'throughput',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('renderFiles writes the page and the chart, and is idempotent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const resultsDir = join(dir, 'results');
    mkdirSync(resultsDir);
    writeFileSync(join(resultsDir, 'throughput.json'), JSON.stringify(throughputResult()));
    const doc = join(dir, 'docs', 'benchmarks.md');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(doc, PAGE);
    const chartFile = join(dir, 'docs', 'images', 'benchmarks.svg');
    const options = { resultsDir, doc, chartFile, order: ['throughput'] };
    renderFiles(options);
    const [page, chart] = [readFileSync(doc, 'utf8'), readFileSync(chartFile, 'utf8')];
    assert.ok(page.includes('](images/benchmarks.svg)'));
    renderFiles(options);
    assert.equal(readFileSync(doc, 'utf8'), page);
    assert.equal(readFileSync(chartFile, 'utf8'), chart);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every benchmark of npm run bench has a run.mjs (change-detection may be on its way)', () => {
  for (const { name } of BENCHMARKS) {
    const script = new URL(`../${name}/run.mjs`, import.meta.url);
    if (name !== 'change-detection') assert.ok(existsSync(script), `${name} has no run.mjs`);
  }
});
