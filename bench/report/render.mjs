/**
 * Rewrites the generated regions of docs/benchmarks.md from bench/results/*.json and draws
 * docs/images/benchmarks.svg. Only text between `<!-- bench:<region>:start -->` and
 * `<!-- bench:<region>:end -->` is replaced (`summary` for the table at the top, the
 * benchmark's name for its Results table), so the hand-written prose around it stays as it
 * is. A benchmark without a results file leaves its region untouched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderChart } from './chart.mjs';
import { renderSection } from './sections.mjs';
import { renderSummary } from './summary.mjs';

const markers = (region) => [`<!-- bench:${region}:start -->`, `<!-- bench:${region}:end -->`];

/** The text between a region's markers (null when the page has no such region). */
export function readRegion(markdown, region) {
  const [start, end] = markers(region);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  if (from < 0 || to < 0) return null;
  return markdown.slice(from + start.length, to);
}

/** `markdown` with the region's content replaced by `content` (unchanged if no such region). */
export function replaceRegion(markdown, region, content) {
  const [start, end] = markers(region);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  if (from < 0 || to < 0) return markdown;
  // Blank lines around the content: a table must not touch the comment's HTML block.
  return `${markdown.slice(0, from + start.length)}\n\n${content.trim()}\n\n${markdown.slice(to)}`;
}

/**
 * Every `<name>.json` of `dir` (name → parsed JSON). Results of a `--quick` smoke run
 * (`run.quick`) are skipped unless `includeQuick`, so smoke figures never reach the docs.
 */
export function loadResults(dir, { includeQuick = false } = {}) {
  const results = {};
  const skipped = [];
  if (!existsSync(dir)) return { results, skipped };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const name = file.slice(0, -'.json'.length);
    let json;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      skipped.push({ name, why: `unreadable: ${error.message}` });
      continue;
    }
    if (!Array.isArray(json.rows) || !Array.isArray(json.targets)) {
      skipped.push({ name, why: 'not in the results shape (rows, targets)' });
    } else if (json.run?.quick && !includeQuick) {
      skipped.push({ name, why: 'a --quick smoke result' });
    } else results[name] = json;
  }
  return { results, skipped };
}

/**
 * The page with every region that has results re-rendered. `order` lists benchmark names in
 * the order of the summary and the chart. Returns the new text, the chart (SVG text or null)
 * and which regions were replaced, which have results but no markers, and which were left.
 */
export function renderDocument(markdown, results, { order = [], image } = {}) {
  const names = [
    ...order.filter((name) => name in results),
    ...Object.keys(results).filter((name) => !order.includes(name)),
  ];
  const ordered = Object.fromEntries(names.map((name) => [name, results[name]]));
  const report = { replaced: [], noMarkers: [], untouched: [] };
  let text = markdown;
  for (const name of names) {
    if (readRegion(text, name) === null) {
      report.noMarkers.push(name);
      continue;
    }
    text = replaceRegion(text, name, renderSection(name, ordered[name]));
    report.replaced.push(name);
  }
  for (const region of allRegions(markdown)) {
    if (region !== 'summary' && !(region in results)) report.untouched.push(region);
  }
  const chart = renderChart(ordered);
  const summary = renderSummary(ordered, readRegion(text, 'summary'));
  if (summary !== null && readRegion(text, 'summary') !== null) {
    const picture =
      chart === null || image === undefined
        ? ''
        : `\n\n![Each benchmark: ngx-realtime next to its baseline, with the targets](${image})`;
    text = replaceRegion(text, 'summary', `${summary}${picture}`);
    report.replaced.unshift('summary');
  }
  return { markdown: text, chart, report };
}

/** The names of every region of the page, in order. */
export function allRegions(markdown) {
  return [...markdown.matchAll(/<!-- bench:([\w-]+):start -->/g)].map((match) => match[1]);
}

/**
 * Renders `doc` in place (and the chart to `chartFile`, linked relative to the page) from the
 * results in `resultsDir`. Returns the report of {@link renderDocument} plus skipped files.
 */
export function renderFiles({ resultsDir, doc, chartFile, order, includeQuick = false }) {
  const { results, skipped } = loadResults(resultsDir, { includeQuick });
  const image = relative(dirname(doc), chartFile).split('\\').join('/');
  const { markdown, chart, report } = renderDocument(readFileSync(doc, 'utf8'), results, {
    order,
    image,
  });
  writeFileSync(doc, markdown);
  if (chart !== null) {
    mkdirSync(dirname(chartFile), { recursive: true });
    writeFileSync(chartFile, chart);
  }
  return { ...report, skipped, chart: chart !== null };
}
