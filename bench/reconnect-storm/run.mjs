#!/usr/bin/env node
/**
 * Reconnect storm: N engine clients lose the reference server to a restart (a benchmark, not
 * a test; not part of `npm test`).
 *
 *   npm run bench:storm      # builds the library and the server, then 5 runs
 *   node bench/reconnect-storm/run.mjs [--clients 1000] [--runs 5] [--downtime 2000]
 *                                      [--out bench/reconnect-storm/results.json] [--json]
 *
 * The built reference server runs in a child process (server-process.mjs); N `RealtimeClient`s
 * from the built `ngx-realtime/core` (socket `ws` through `webSocketFactory`, each its own
 * user and token, each subscribed to `feed:updates`) run here. Once every client has been
 * connected longer than `minUptimeMs` (so each starts its outage at attempt 0), the server is
 * restarted as a deploy restarts it: stopped as on SIGTERM (every socket closed with 1001,
 * listener closed, so attempts are refused), down for `--downtime` ms, then a fresh server
 * (empty memory, new epoch) on the same port. Every reconnect attempt is the construction of
 * a socket in the factory; a client is back when its status is `connected` again.
 *
 * Three schedules side by side, each against its own fresh server in every run:
 * - `jitter`: the engine's default policy (full jitter: attempt n waits a uniform random
 *   time in [0, min(30 s, max(1 s × 2ⁿ, 20 s))] after the server closed with 1001 Going
 *   Away, as the reference server does when it stops; `reconnect.restartSpreadMs`);
 * - `fixed`: the same engine with `reconnect.jitter: 'none'` (exactly 1, 2, 4, 8, ... s);
 * - `spread`: full jitter without the restart spread (`reconnect.restartSpreadMs: 0`, the
 *   default before the storm benchmark: [0, min(30 s, 1 s × 2ⁿ)]).
 * Targets (jitter): no 1-second window (sliding) holds more than 10 % of the reconnects, and
 * every client is back within the backoff cap (30 s). One warm-up run at a tenth of the size
 * first; medians of the runs, min–max, ratios to the fixed schedule. Prints text histograms
 * of the median run and writes the results with every run's histograms as JSON to `--out`
 * (default bench/reconnect-storm/results.json), in the shape of bench/support/results.mjs.
 * `--json` prints the same JSON as one line on stdout and the rest on stderr.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { startServerProcess } from '../support/server-process.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { signToken } = require(join(ROOT, 'projects/reference-server/dist/index.js'));
const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    downtime: { type: 'string', default: '2000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'reconnect-storm', 'results.json') },
    json: { type: 'boolean', default: false },
  },
});
jsonMode(args.json);
const CLIENTS = positiveInt(args.clients, 'clients');
const RUNS = positiveInt(args.runs, 'runs');
const DOWNTIME_MS = positiveInt(args.downtime, 'downtime');

const SECRET = 'storm-secret';
const CHANNEL = 'feed:updates';
/** The engine's defaults (docs/connection.md): the cap is the target for "all back". */
const CAP_MS = 30_000;
const MIN_UPTIME_MS = 5_000;
/** Clients opening at once during the initial setup. */
const OPEN_BATCH = 100;
/** Longest wait for every client to be back after a restart. */
const RECOVERY_TIMEOUT_MS = 90_000;
/** The target: no 1-s window with more than this share of the reconnects. */
const WINDOW_SHARE_TARGET = 0.1;
/**
 * `spread` is the previous default, full jitter that ignores the restart announcement,
 * measured alongside to show what the restart spread buys and what it costs in recovery time.
 */
const SCHEDULES = {
  jitter: {},
  fixed: { jitter: 'none' },
  spread: { restartSpreadMs: 0 },
};

const WATCHDOG_MS = (RUNS + 1) * Object.keys(SCHEDULES).length * (RECOVERY_TIMEOUT_MS + 60_000);
setTimeout(() => {
  console.error(`storm: watchdog fired after ${WATCHDOG_MS} ms, giving up`);
  process.exit(2);
}, WATCHDOG_MS).unref();

/** Wall clock in ms with sub-ms precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitUntil(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

/** Forks the server process; `ask(cmd)` sends a command and waits for its answer. */
function startServer() {
  return startServerProcess(fileURLToPath(new URL('./server-process.mjs', import.meta.url)), {
    ...process.env,
    BENCH_SECRET: SECRET,
  });
}

/**
 * One storm: `count` clients with the `reconnect` options, connected, then the server
 * restarted; returns every attempt and reconnection time relative to the moment the server
 * went down.
 */
async function storm(count, reconnect) {
  const server = await startServer();
  const factory = webSocketFactory(WebSocket);
  let recording = false;
  const attempts = [];
  const clients = [];
  for (let i = 0; i < count; i++) {
    const token = signToken(`storm-${i}`, SECRET, 3600);
    const entry = { client: null, backAt: null, lost: false };
    entry.client = new RealtimeClient({
      url: server.url,
      token: () => token,
      lifecycle: null,
      reconnect,
      webSocket: (address, protocols) => {
        if (recording) attempts.push(now());
        return factory(address, protocols);
      },
    });
    entry.client.status$.subscribe((status) => {
      if (!recording) return;
      if (status !== 'connected') entry.lost = true;
      else if (entry.lost && entry.backAt === null) entry.backAt = now();
    });
    entry.client.channel(CHANNEL).subscribe();
    clients.push(entry);
  }
  const connected = () => clients.filter((entry) => entry.client.status === 'connected').length;
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = clients.slice(start, start + OPEN_BATCH);
    for (const entry of batch) entry.client.connect();
    await waitUntil(
      () => batch.every((entry) => entry.client.status === 'connected'),
      60_000,
      'initial connect',
    );
  }
  // Past minUptimeMs, an outage starts at attempt 0 even for a client whose first connect
  // needed retries.
  await sleep(MIN_UPTIME_MS + 500);
  const before = (await server.ask('connections')).connections;

  recording = true;
  const { downAt, upAt } = await server.ask('restart', { downtimeMs: DOWNTIME_MS });
  await waitUntil(
    () => clients.every((entry) => entry.backAt !== null),
    RECOVERY_TIMEOUT_MS,
    `every client back (${clients.filter((entry) => entry.backAt !== null).length} of ${count})`,
  );
  recording = false;
  // Let the server register the last upgrades before counting.
  await sleep(200);
  const after = (await server.ask('connections')).connections;
  const result = {
    clients: count,
    connectedBefore: before,
    connectedAfter: after,
    clientConnectedAfter: connected(),
    downtimeMs: upAt - downAt,
    attempts: attempts.map((at) => at - downAt),
    back: clients.map((entry) => entry.backAt - downAt),
  };
  for (const entry of clients) entry.client.destroy();
  await server.ask('stop');
  return result;
}

/** Events per 1-s bucket from the restart, `[0, last]`. */
function histogram(times) {
  const last = Math.max(0, ...times);
  const buckets = new Array(Math.floor(last / 1000) + 1).fill(0);
  for (const at of times) buckets[Math.max(0, Math.floor(at / 1000))]++;
  return buckets;
}

/** The largest number of events in any 1-s window `[t, t + 1 s)` (sliding). */
function maxWindow(times) {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to] - sorted[from] >= 1000) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

function summarize(result) {
  const { attempts, back, clients } = result;
  return {
    attempts: attempts.length,
    attemptsPerClient: attempts.length / clients,
    maxAttemptsWindow: maxWindow(attempts),
    maxAttemptsWindowShare: maxWindow(attempts) / attempts.length,
    maxBackWindow: maxWindow(back),
    maxBackWindowShare: maxWindow(back) / clients,
    allBackMs: Math.max(...back),
    medianBackMs: median(back),
    downtimeMs: result.downtimeMs,
    connectedAfter: result.connectedAfter,
    attemptsHistogram: histogram(attempts),
    backHistogram: histogram(back),
  };
}

const stat = (runs, key) => {
  const values = runs.map((run) => run[key]);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
};
const pct = (share) => `${(share * 100).toFixed(1)} %`;
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A text histogram: one row per second, attempts and reconnections side by side. */
function printHistogram(name, summary, clients) {
  const rows = Math.max(summary.attemptsHistogram.length, summary.backHistogram.length);
  const peak = Math.max(...summary.attemptsHistogram, ...summary.backHistogram, 1);
  const bar = (value) => '#'.repeat(Math.round((value / peak) * 40));
  console.log(`\n${name}: per second after the server went down (${clients} clients)`);
  console.log('   s  attempts                                            back');
  for (let i = 0; i < rows; i++) {
    const attempts = summary.attemptsHistogram[i] ?? 0;
    const back = summary.backHistogram[i] ?? 0;
    console.log(
      `${String(i).padStart(4)}  ${String(attempts).padStart(5)} ${bar(attempts).padEnd(42)} ${String(back).padStart(5)} ${bar(back)}`,
    );
  }
}

// Warm-up: both schedules at a tenth of the size (compiles the hot paths, warms the server).
const warmUp = Math.max(10, Math.round(CLIENTS / 10));
for (const reconnect of Object.values(SCHEDULES)) await storm(warmUp, reconnect);

const runs = Object.fromEntries(Object.keys(SCHEDULES).map((name) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, reconnect] of Object.entries(SCHEDULES)) {
    const summary = summarize(await storm(CLIENTS, reconnect));
    runs[name].push(summary);
    console.error(
      `run ${run + 1}/${RUNS} ${name}: ${summary.attempts} attempts, max 1-s window ` +
        `${pct(summary.maxAttemptsWindowShare)} of attempts, ${pct(summary.maxBackWindowShare)} ` +
        `of reconnections, all back ${sec(summary.allBackMs)}, ${summary.connectedAfter} open`,
    );
  }
}

const KEYS = [
  'attempts',
  'attemptsPerClient',
  'maxAttemptsWindowShare',
  'maxBackWindowShare',
  'medianBackMs',
  'allBackMs',
  'downtimeMs',
  'connectedAfter',
];
const medians = Object.fromEntries(
  Object.entries(runs).map(([name, list]) => [
    name,
    Object.fromEntries(KEYS.map((key) => [key, stat(list, key)])),
  ]),
);
/** The run whose reconnection window share is the median one: its histogram is printed. */
const medianRun = (list) =>
  [...list].sort((a, b) => a.maxBackWindowShare - b.maxBackWindowShare)[
    Math.floor(list.length / 2)
  ];
for (const [name, list] of Object.entries(runs)) printHistogram(name, medianRun(list), CLIENTS);

console.log(
  `\n${CLIENTS} clients, server down ${sec(medians.jitter.downtimeMs.median)}, medians of ${RUNS} runs (min–max)`,
);
console.log(
  '| | full jitter (default) | fixed 1-2-4-8 s | jitter ÷ fixed | full jitter, no restart spread |',
);
console.log('|---|---:|---:|---:|---:|');
const row = (label, key, format) => {
  const cell = ({ median: mid, min, max }) => `${format(mid)} (${format(min)}–${format(max)})`;
  const [a, b, c] = [medians.jitter[key], medians.fixed[key], medians.spread[key]];
  const ratio = b.median === 0 ? '-' : `${(a.median / b.median).toFixed(2)}×`;
  console.log(`| ${label} | ${cell(a)} | ${cell(b)} | ${ratio} | ${cell(c)} |`);
};
row('reconnect attempts', 'attempts', (v) => String(Math.round(v)));
row('busiest 1-s window, share of attempts', 'maxAttemptsWindowShare', pct);
row('busiest 1-s window, share of reconnections', 'maxBackWindowShare', pct);
row('median client back after', 'medianBackMs', sec);
row('last client back after', 'allBackMs', sec);
const spread = medians.jitter.maxBackWindowShare.max <= WINDOW_SHARE_TARGET;
const capped = medians.jitter.allBackMs.max <= CAP_MS;
console.log(
  `\ntarget: no 1-s window above 10 % of the reconnections: ${spread ? 'met' : 'MISSED'} ` +
    `(worst run ${pct(medians.jitter.maxBackWindowShare.max)}); of the attempts: ` +
    `${medians.jitter.maxAttemptsWindowShare.max <= WINDOW_SHARE_TARGET ? 'met' : 'missed'} ` +
    `(worst run ${pct(medians.jitter.maxAttemptsWindowShare.max)})`,
);
console.log(
  `target: all back within the 30-s cap: ${capped ? 'met' : 'MISSED'} ` +
    `(worst run ${sec(medians.jitter.allBackMs.max)})`,
);
console.log(
  `no restart spread: worst 1-s window ${pct(medians.spread.maxBackWindowShare.max)} of the ` +
    `reconnections, last back after ${sec(medians.spread.allBackMs.max)} (worst run)`,
);

/** What each schedule is, for the rows of the report. */
const LABELS = {
  jitter: 'full jitter (default)',
  fixed: 'fixed 1-2-4-8 s (baseline)',
  spread: 'full jitter, no restart spread',
};
const report = {
  benchmark: 'reconnect-storm',
  date: today(),
  machine: machine(),
  clients: CLIENTS,
  runs: RUNS,
  downtimeMs: DOWNTIME_MS,
  capMs: CAP_MS,
  baseline: 'fixed',
  // One row per schedule; its median/min/max is the busiest 1-s window's share of the
  // reconnections (the figure of the target), every other figure is in `medians`.
  rows: Object.entries(medians).map(([name, figures]) => ({
    name,
    label: LABELS[name],
    reconnect: SCHEDULES[name],
    ...figures.maxBackWindowShare,
    ratio: figures.maxBackWindowShare.median / medians.fixed.maxBackWindowShare.median,
  })),
  targets: [
    {
      name: 'busiest 1-s window, share of reconnections (default policy, worst run)',
      target: '≤ 10 % of the reconnects',
      value: medians.jitter.maxBackWindowShare.max,
      met: spread,
    },
    {
      name: 'last client back (default policy, worst run)',
      target: `within the backoff cap (${CAP_MS / 1000} s)`,
      value: medians.jitter.allBackMs.max,
      met: capped,
    },
  ],
  spreadWindowShareMet: medians.spread.maxBackWindowShare.max <= WINDOW_SHARE_TARGET,
  medians,
  histograms: Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      list.map((run) => ({ attempts: run.attemptsHistogram, back: run.backHistogram })),
    ]),
  ),
};
emitResults(report, { print: args.json, out: args.out });
// Without --json the usual summary line (the report minus the histograms) ends the output.
if (!args.json) {
  const { histograms: _histograms, ...summary } = report;
  console.log(JSON.stringify(summary));
}
process.exit(0);
