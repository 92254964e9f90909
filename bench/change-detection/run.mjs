#!/usr/bin/env node
/* global window, location, WebSocket, requestAnimationFrame */
/**
 * Change detection under a flood, in real Chromium (issue 8, item 4; a benchmark, not a test).
 *
 *   npm run bench:cd             # builds the page (both modes), then 5 runs after a warm-up
 *   node bench/change-detection/run.mjs [--runs 5] [--seconds 5] [--rate 10000]
 *                                       [--only ngx-zoneless,naive-zone] [--skip-build]
 *                                       [--json] [--out bench/results/change-detection.json]
 *                                       [--profile tmp/cd-profiles] [--parts badge,banner,typing]
 *
 * The page (app/, the angular.json project `bench-change-detection`, built twice: `-c zoneless`
 * without zone.js, `-c zone` with it) shows a notification badge, a "N new posts" banner and a
 * typing indicator, all three the library's components. A sender (sender-process.mjs, a child
 * process with `ws`) floods the page's WebSocket with `--rate` SocialHub events per second for
 * `--seconds` (half notifications, 30 % new posts, 20 % typing; see messages.mjs). Variants:
 *
 * - `ngx-zoneless`: `provideRealtime(..., withNotifications(), withFeed(), withMessages())`,
 *   `provideZonelessChangeDetection()`;
 * - `ngx-zone`: the same with zone.js and `provideZoneChangeDetection({eventCoalescing: true})`;
 * - `naive-zone` (the baseline): a hand-written service, WebSocket `onmessage` → `JSON.parse`
 *   → `Subject.next` per message, components updating fields + `markForCheck()` or through the
 *   `async` pipe, zone.js with event coalescing (what `ng new` sets up);
 * - `naive-zone-nocoalesce`: the same without event coalescing (older apps);
 * - `naive-zoneless`: the naive service in a zone-less app;
 * - `raw-socket`: no Angular, a page with a bare WebSocket that only counts messages: what the
 *   flood alone leaves of the browser's frame rate.
 *
 * The page counts, over a window from just before the flood to the first animation frame that
 * shows the final figures: application ticks (`ApplicationRef._tick`, every path into change
 * detection), animation frames (a `requestAnimationFrame` loop), the ticks of the busiest frame,
 * WebSocket messages, long tasks; Chromium's own counters (CDP `Performance.getMetrics`) give
 * the main thread's script and layout + style time. A run is correct when every message arrived
 * and the page showed the final badge count, banner text and typing line.
 *
 * One warm-up round, then `--runs` rounds; every variant runs once per round in a fresh page,
 * in an order rotated from round to round. Medians, min–max and ratios to the baseline are
 * printed (stdout; with `--json` one JSON line instead, the rest on stderr). Figures:
 * docs/benchmarks.md.
 *
 * `--parts` makes the ngx-realtime pages show only some of the three components (diagnosis:
 * which feature's signals schedule the ticks).
 *
 * `--profile DIR` records a CPU profile of each variant's last run (CDP `Profiler`) into
 * DIR/<variant>.cpuprofile and prints the functions with the most self time; build the page
 * with `NG_BUILD_MANGLE=0` first to keep the names readable.
 */
import { spawnSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { delimiter, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { emitResults, machine, today } from '../support/results.mjs';
import { encodeFlood } from './messages.mjs';
import { median } from '../support/stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const DIST = join(ROOT, 'dist', 'bench-change-detection');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '10000' },
    only: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    profile: { type: 'string' },
    parts: { type: 'string' },
  },
});
const RUNS = positive(args.runs, 'runs', true);
const SECONDS = positive(args.seconds, 'seconds');
const RATE = positive(args.rate, 'rate', true);
/** Extra time the page may take after the flood to show the final figures. */
const SETTLE_TIMEOUT_MS = 20_000;
const BASELINE = 'naive-zone';

function positive(text, name, integer = false) {
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}`);
    process.exit(2);
  }
  return value;
}

/** Human output: stdout normally, stderr with --json (stdout then carries one JSON line). */
const log = (...parts) => (args.json ? console.error(...parts) : console.log(...parts));

const VARIANTS = {
  'ngx-zoneless': { label: 'ngx-realtime, zone-less', build: 'zoneless', query: 'app=ngx' },
  'ngx-zone': { label: 'ngx-realtime, zone.js', build: 'zone', query: 'app=ngx' },
  'naive-zone': { label: 'naive Subject, zone.js (baseline)', build: 'zone', query: 'app=naive' },
  'naive-zone-nocoalesce': {
    label: 'naive Subject, zone.js, no event coalescing',
    build: 'zone',
    query: 'app=naive&coalescing=off',
  },
  'naive-zoneless': { label: 'naive Subject, zone-less', build: 'zoneless', query: 'app=naive' },
  'raw-socket': {
    label: 'bare WebSocket, no Angular (frame rate reference)',
    build: 'raw',
    query: '',
  },
};
const names = args.only === undefined ? Object.keys(VARIANTS) : args.only.split(',');
for (const name of names) {
  if (!(name in VARIANTS)) {
    console.error(`--only: unknown variant "${name}" (${Object.keys(VARIANTS).join(', ')})`);
    process.exit(2);
  }
}

// ---- build -----------------------------------------------------------------------------------
const env = {
  ...process.env,
  PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  NG_CLI_ANALYTICS: 'false',
};
for (const build of new Set(names.map((name) => VARIANTS[name].build))) {
  if (build === 'raw') continue;
  const index = join(DIST, build, 'browser', 'index.html');
  if (args['skip-build'] && existsSync(index)) continue;
  log(`building the page (-c ${build}) ...`);
  const result = spawnSync('ng', ['build', 'bench-change-detection', '-c', build], {
    cwd: ROOT,
    env,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    console.error(`bench: ng build bench-change-detection -c ${build} failed`);
    process.exit(1);
  }
}

// ---- static files ----------------------------------------------------------------------------
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
/**
 * The `raw-socket` page: the harness API of app/harness.ts over a bare WebSocket; the window
 * ends at the first frame after the last message. Runs in the browser (stringified).
 */
function rawPage() {
  const socket = new WebSocket(new URLSearchParams(location.search).get('ws'));
  let counting = false;
  let expected = 0;
  let messages = 0;
  let lastMessageAt = 0;
  let start = 0;
  let frames = 0;
  let finished = null;
  const waiting = [];
  socket.onopen = () => {
    for (const channel of ['notifications', 'feed:updates', 'conversation:c1']) {
      socket.send(JSON.stringify({ type: 'subscribe', payload: { channel } }));
    }
  };
  socket.onmessage = () => {
    if (!counting) return;
    messages++;
    lastMessageAt = performance.now();
  };
  const finish = (done) => {
    if (!counting) return;
    counting = false;
    const ms = performance.now() - start;
    const lastMessageMs = lastMessageAt === 0 ? 0 : lastMessageAt - start;
    finished = { done, ms, ticks: 0, frames, maxTicksPerFrame: 0, busyFrames: 0, messages };
    Object.assign(finished, { lastMessageMs, longTasks: 0, longTaskMs: 0, dom: {} });
    for (const resolve of waiting.splice(0)) resolve(finished);
  };
  window.benchHarness = {
    ready: true,
    begin(state) {
      expected = state.messages;
      start = performance.now();
      counting = true;
      const frame = () => {
        if (!counting) return;
        frames++;
        if (messages >= expected) finish(true);
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    },
    end(timeoutMs) {
      if (finished !== null) return Promise.resolve(finished);
      return new Promise((resolve) => {
        waiting.push(resolve);
        setTimeout(() => finish(false), timeoutMs);
      });
    },
  };
}
const RAW_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raw</title></head><body><script>(${rawPage})()</script></body></html>`;

const files = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const [, build, ...rest] = path.split('/');
  if (build === 'raw') {
    response.writeHead(200, { 'content-type': 'text/html' }).end(RAW_PAGE);
    return;
  }
  const file = join(DIST, build ?? '', 'browser', rest.join('/') || 'index.html');
  if (!['zone', 'zoneless'].includes(build) || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
});
await new Promise((done) => files.listen(0, '127.0.0.1', done));
const pageBase = `http://127.0.0.1:${files.address().port}`;

// ---- sender ----------------------------------------------------------------------------------
const sender = fork(join(HERE, 'sender-process.mjs'), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
/** Resolves with the sender's next IPC message of `type`. */
const nextFromSender = (type, timeoutMs = 30_000) =>
  new Promise((done, fail) => {
    const timer = setTimeout(() => {
      sender.off('message', listen);
      fail(new Error(`no "${type}" from the sender within ${timeoutMs} ms`));
    }, timeoutMs);
    const listen = (message) => {
      if (message?.type === 'error') fail(new Error(`sender: ${message.message}`));
      else if (message?.type !== type) return;
      else done(message);
      clearTimeout(timer);
      sender.off('message', listen);
    };
    sender.on('message', listen);
  });
const { wsUrl } = await nextFromSender('ready');

// ---- one run ---------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const COUNT = Math.round(RATE * SECONDS);
const { expected: finalState } = encodeFlood(COUNT);
/** What the page is told to wait for: the final figures and the number of messages. */
const expected = { ...finalState, messages: COUNT };

/** One variant in a fresh page: returns the page's window figures and Chromium's counters. */
async function runOnce(name, profile = false) {
  const variant = VARIANTS[name];
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const subscribed = nextFromSender('subscribed');
    await page.goto(
      `${pageBase}/${variant.build}/?${variant.query}&ws=${encodeURIComponent(wsUrl)}` +
        (args.parts === undefined ? '' : `&parts=${encodeURIComponent(args.parts)}`),
    );
    await page.waitForFunction(() => window.benchHarness?.ready === true, null, {
      timeout: 30_000,
    });
    await subscribed;
    const before = await metrics(cdp);
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.evaluate((state) => window.benchHarness.begin(state), expected);
    const flooded = nextFromSender('flooded', SECONDS * 1000 + 60_000);
    sender.send({ type: 'flood', rate: RATE, seconds: SECONDS });
    const { sent, ms: sendMs } = await flooded;
    const window = await page.evaluate(
      (timeoutMs) => window.benchHarness.end(timeoutMs),
      SETTLE_TIMEOUT_MS,
    );
    const after = await metrics(cdp);
    if (profile) saveProfile(name, (await cdp.send('Profiler.stop')).profile);
    const perSecond = (value) => value / (window.ms / 1000);
    return {
      correct: window.done && window.messages === sent && errors.length === 0,
      sent,
      sendMs,
      ...window,
      errors,
      ticksPerSecond: perSecond(window.ticks),
      framesPerSecond: perSecond(window.frames),
      ticksPerFrame: window.ticks / Math.max(1, window.frames),
      settleMs: window.ms - window.lastMessageMs,
      scriptMsPerSecond: perSecond((after.ScriptDuration - before.ScriptDuration) * 1000),
      layoutMsPerSecond: perSecond(
        (after.LayoutDuration -
          before.LayoutDuration +
          after.RecalcStyleDuration -
          before.RecalcStyleDuration) *
          1000,
      ),
      taskMsPerSecond: perSecond((after.TaskDuration - before.TaskDuration) * 1000),
    };
  } finally {
    await context.close();
  }
}

/** Writes the profile and prints the top functions by self time. */
function saveProfile(name, profile) {
  mkdirSync(resolve(args.profile), { recursive: true });
  writeFileSync(join(resolve(args.profile), `${name}.cpuprofile`), JSON.stringify(profile));
  const selfMs = new Map();
  const { samples, timeDeltas, nodes } = profile;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + (timeDeltas[index] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  log(`  profile ${name}: ${fmt(total)} ms sampled, top self time:`);
  for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    log(`    ${fmt(ms).padStart(7)} ms  ${key}`);
  }
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

// ---- rounds ----------------------------------------------------------------------------------
const runs = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (let round = 0; round <= RUNS; round++) {
    const warmUp = round === 0;
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) {
      const run = await runOnce(name, args.profile !== undefined && round === RUNS);
      if (!warmUp) runs[name].push(run);
      log(
        `${warmUp ? 'warm-up' : `run ${round}/${RUNS}`} ${name}: ${fmt(run.ticksPerSecond)} ticks/s, ` +
          `${fmt(run.framesPerSecond)} frames/s (${fmt(run.ticksPerFrame, 2)} per frame, busiest ` +
          `frame ${run.maxTicksPerFrame}), ${fmt(run.messages)}/${fmt(run.sent)} messages, ` +
          `script ${fmt(run.scriptMsPerSecond)} ms/s, tasks ${fmt(run.taskMsPerSecond)} ms/s, long tasks ${fmt(run.longTaskMs)} ms, settle ${fmt(run.settleMs)} ms` +
          (run.correct ? '' : ` — WRONG: ${JSON.stringify(run.dom)} ${run.errors.join('; ')}`),
      );
    }
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  files.close();
  sender.disconnect();
}
if (process.exitCode === 1) process.exit(1);

// ---- results ---------------------------------------------------------------------------------
function fmt(value, digits = 0) {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
const stat = (name, field) => median(runs[name].map((run) => run[field]));
const baselineTicks = names.includes(BASELINE) ? stat(BASELINE, 'ticksPerSecond') : null;
const rows = names.map((name) => {
  const list = runs[name];
  const ticks = list.map((run) => run.ticksPerSecond);
  const perFrame = list.map((run) => run.ticksPerFrame);
  const ticksPerSecond = median(ticks);
  return {
    name,
    label: VARIANTS[name].label,
    ticksPerSecond,
    min: Math.min(...ticks),
    max: Math.max(...ticks),
    framesPerSecond: stat(name, 'framesPerSecond'),
    framesPerSecondMin: Math.min(...list.map((run) => run.framesPerSecond)),
    ticksPerFrame: median(perFrame),
    ticksPerFrameMin: Math.min(...perFrame),
    ticksPerFrameMax: Math.max(...perFrame),
    maxTicksInOneFrame: Math.max(...list.map((run) => run.maxTicksPerFrame)),
    framesWithSeveralTicks: stat(name, 'busyFrames'),
    messages: stat(name, 'messages'),
    correctRuns: list.filter((run) => run.correct).length,
    runs: list.length,
    scriptMsPerSecond: stat(name, 'scriptMsPerSecond'),
    layoutMsPerSecond: stat(name, 'layoutMsPerSecond'),
    longTaskMs: stat(name, 'longTaskMs'),
    settleMs: stat(name, 'settleMs'),
    // The bare socket has no Angular, so no ticks to compare.
    vsBaseline:
      baselineTicks === null || name === 'raw-socket' ? null : ticksPerSecond / baselineTicks,
  };
});
const targets = [];
for (const name of ['ngx-zoneless', 'ngx-zone']) {
  const row = rows.find((candidate) => candidate.name === name);
  if (row === undefined) continue;
  targets.push({
    name: `${name}: at most one application tick per animation frame`,
    target: 'ticks/s ≤ frames/s in every run',
    value: Number(row.ticksPerFrameMax.toFixed(3)),
    met: row.ticksPerFrameMax <= 1,
  });
}
targets.push({
  name: 'every run received every message and showed the final figures',
  target: 'all runs correct',
  value: rows.map((row) => `${row.name} ${row.correctRuns}/${row.runs}`).join(', '),
  met: rows.every((row) => row.correctRuns === row.runs),
});
const result = {
  benchmark: 'change-detection',
  date: today(),
  machine: { ...machine(), chromium: browser.version() },
  settings: {
    runs: RUNS,
    seconds: SECONDS,
    rate: RATE,
    messages: COUNT,
    expected,
    parts: args.parts ?? null,
  },
  rows,
  targets,
  raw: Object.fromEntries(names.map((name) => [name, runs[name]])),
};

log(
  `\n${fmt(COUNT)} events (${fmt(RATE)}/s for ${SECONDS} s), medians of ${RUNS} runs, Chromium ${browser.version()}:`,
);
log(
  '  variant                  ticks/s   min – max       frames/s  ticks/frame (min – max)  busiest  script ms/s  settle ms  × baseline  correct',
);
for (const row of rows) {
  log(
    `  ${row.name.padEnd(22)} ${fmt(row.ticksPerSecond).padStart(9)}   ${`${fmt(row.min)} – ${fmt(row.max)}`.padEnd(14)}  ${fmt(row.framesPerSecond).padStart(8)}  ${`${fmt(row.ticksPerFrame, 2)} (${fmt(row.ticksPerFrameMin, 2)} – ${fmt(row.ticksPerFrameMax, 2)})`.padEnd(23)}  ${String(row.maxTicksInOneFrame).padStart(7)}  ${fmt(row.scriptMsPerSecond).padStart(11)}  ${fmt(row.settleMs).padStart(9)}  ${row.vsBaseline === null ? '' : fmt(row.vsBaseline, 3).padStart(10)}  ${row.correctRuns}/${row.runs}`,
  );
}
for (const target of targets) {
  log(`  target ${target.name}: ${target.value} (${target.met ? 'met' : 'MISSED'})`);
}
emitResults(result, { print: args.json, out: args.out });
