#!/usr/bin/env node
/**
 * Load benchmark of the reference server (not a test; not part of `npm test`).
 *
 *   node bench/server-load/run.mjs [--connections 2000] [--seconds 5] [--runs 1]
 *                                  [--targets 5000,10000,20000,40000,80000] [--json] [--out file]
 *
 * Builds nothing: run `npm run build:server` first (`npm run bench:server` does both).
 * The server runs in a child process (server-process.mjs) and the clients here, so each
 * side has one of the machine's cores. Everything stays on 127.0.0.1.
 *
 * 1. Opens N `ws` connections (each its own user and token, at most 200 opening at once),
 *    each subscribed to `feed:updates`; measures the time to connected-and-subscribed.
 * 2. Holds them and reads the server's memory (after a GC).
 * 3. For each target of delivered messages per second, publishes target / N events per
 *    second on the channel for `--seconds`, counts the `feed_update` frames the clients
 *    receive inside that window, then waits for the backlog to drain (lost = expected −
 *    received after the drain). Stops after the first step that delivers under 90 % of
 *    its target (saturation).
 * With `--runs R` the whole sequence runs R times against fresh servers and the medians
 * are printed (`--json`: as one JSON line, bench/support/results.mjs; `--out` writes it to a
 * file). Every wait is bounded and a watchdog ends the process
 * in any case. `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles
 * the server process. Figures and findings: docs/benchmarks.md.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const require = createRequire(import.meta.url);
const { signToken } = require('../../projects/reference-server/dist/index.js');

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    targets: { type: 'string', default: '5000,10000,20000,40000,80000' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const CONNECTIONS = positiveInt(args.connections, 'connections');
const SECONDS = positiveInt(args.seconds, 'seconds');
const RUNS = positiveInt(args.runs, 'runs');
const TARGETS = args.targets.split(',').map((value) => positiveInt(value, 'targets'));

const SECRET = 'bench-secret';
const CHANNEL = 'feed:updates';
const OPEN_CONCURRENCY = 200;
const OPEN_TIMEOUT_MS = 120_000;
/** Longest wait for the backlog after a step. */
const DRAIN_TIMEOUT_MS = 15_000;
/** A step delivering less than this share of its target ends the ramp. */
const SATURATED_BELOW = 0.9;
/** Every how many deliveries a latency sample is taken (parsing all would load the client side). */
const SAMPLE_EVERY = 16;
/** The targets: connections held, deliveries per second. */
const TARGET_CONNECTIONS = 2000;
const TARGET_PER_SECOND = 20_000;

const WATCHDOG_MS =
  RUNS * (OPEN_TIMEOUT_MS + TARGETS.length * (SECONDS * 1000 + DRAIN_TIMEOUT_MS + 5_000)) + 30_000;
setTimeout(() => {
  console.error(`bench: watchdog fired after ${WATCHDOG_MS} ms, giving up`);
  process.exit(2);
}, WATCHDOG_MS).unref();

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The server child process and a request/answer helper over IPC. */
async function startServer() {
  const child = fork(fileURLToPath(new URL('./server-process.mjs', import.meta.url)), [], {
    execArgv: ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ') ?? [])].filter(
      Boolean,
    ),
    env: { ...process.env, BENCH_SECRET: SECRET },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = [];
  child.on('message', (message) => {
    const index = waiting.findIndex((entry) => entry.type === message.type);
    if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
  });
  const next = (type, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} from the server`)), timeoutMs);
      waiting.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      });
    });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await next('ready');
  return {
    ready,
    request: (message, type, timeoutMs) => {
      const answer = next(type, timeoutMs);
      child.send(message);
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ cmd: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Client-side counters shared by every connection. */
const counters = { delivered: 0, windowStart: Infinity, windowEnd: -Infinity, inWindow: 0 };
let latencies = [];

function onMessage(data) {
  // Only feed_update frames count; the check avoids parsing every frame on the client side.
  if (!data.includes('"feed_update"')) return;
  counters.delivered++;
  const at = now();
  if (at >= counters.windowStart && at <= counters.windowEnd) counters.inWindow++;
  if (counters.delivered % SAMPLE_EVERY === 0) {
    const match = /"sent_at":([0-9.]+)/.exec(data.toString());
    if (match) latencies.push(at - Number(match[1]));
  }
}

/** Opens one connection and resolves once its subscription is acknowledged. */
function openClient(url, index) {
  return new Promise((resolve, reject) => {
    const started = now();
    const token = signToken(`bench-user-${index}`, SECRET);
    const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`, {
      perMessageDeflate: false,
    });
    const ackId = `sub-${index}`;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`connection ${index} timed out`));
    }, 30_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('open', () =>
      socket.send(
        JSON.stringify({
          id: ackId,
          type: 'subscribe',
          payload: { channel: CHANNEL },
          ack_id: ackId,
        }),
      ),
    );
    const onSetup = (data) => {
      if (!data.includes(`"ack_id":"${ackId}"`)) return;
      clearTimeout(timer);
      socket.off('message', onSetup);
      socket.on('message', onMessage);
      resolve({ socket, ms: now() - started });
    };
    socket.on('message', onSetup);
  });
}

/**
 * Opens every connection, `OPEN_CONCURRENCY` at a time, into `sockets` (owned by the
 * caller, so a failure part-way still lets it close what was opened).
 */
async function openClients(url, sockets) {
  const setupMs = [];
  let nextIndex = 0;
  let failure = null;
  const started = now();
  const worker = async () => {
    while (nextIndex < CONNECTIONS && failure === null) {
      const index = nextIndex++;
      try {
        const { socket, ms } = await openClient(url, index);
        sockets.push(socket);
        setupMs.push(ms);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, CONNECTIONS) }, worker));
  if (failure !== null) {
    throw new Error(
      `opening connection ${sockets.length + 1} of ${CONNECTIONS} failed: ${failure.message ?? failure}` +
        ' (too low `ulimit -n`?)',
    );
  }
  const totalMs = now() - started;
  setupMs.sort((a, b) => a - b);
  return {
    totalMs,
    perSecond: (CONNECTIONS / totalMs) * 1000,
    p50Ms: percentile(setupMs, 50),
    p95Ms: percentile(setupMs, 95),
  };
}

async function runStep(server, target, step) {
  const rate = target / CONNECTIONS;
  const before = counters.delivered;
  latencies = [];
  const clientCpu = process.cpuUsage();
  // The window is set from the server's own start time as soon as it is known; until then
  // (IPC latency, well under a tick) deliveries count from the request.
  counters.windowStart = now();
  counters.windowEnd = counters.windowStart + SECONDS * 1000;
  counters.inWindow = 0;
  const published = await server.request(
    { cmd: 'publish', rate, seconds: SECONDS, step },
    'published',
    SECONDS * 1000 + 60_000,
  );
  const windowDelivered = counters.inWindow;
  const windowSeconds = (counters.windowEnd - counters.windowStart) / 1000;
  const cpu = process.cpuUsage(clientCpu);
  const expected = published.count * CONNECTIONS;
  const drainStarted = now();
  const drained = await waitUntil(() => counters.delivered - before >= expected, DRAIN_TIMEOUT_MS);
  const received = counters.delivered - before;
  latencies.sort((a, b) => a - b);
  return {
    target,
    publishRate: rate,
    published: published.count,
    publishedPerSecond: published.count / ((published.endedAt - published.startedAt) / 1000),
    offeredPerSecond: expected / windowSeconds,
    deliveredPerSecond: windowDelivered / windowSeconds,
    drainMs: drained ? now() - drainStarted : NaN,
    lost: expected - received,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    serverCpu: published.cpuMs / (published.endedAt - published.startedAt),
    clientCpu: (cpu.user + cpu.system) / 1000 / (windowSeconds * 1000),
    publisherLagMs: published.maxLagMs,
  };
}

async function runOnce(run) {
  const server = await startServer();
  const baseline = server.ready;
  const sockets = [];
  try {
    const setup = await openClients(server.ready.url, sockets);
    await sleep(1_000); // let the accept burst settle before measuring memory
    const held = await server.request({ cmd: 'memory' }, 'memory');
    if (held.connections !== CONNECTIONS) {
      throw new Error(`server holds ${held.connections} of ${CONNECTIONS} connections`);
    }
    const memory = {
      baselineRssMb: baseline.rss / 2 ** 20,
      heldRssMb: held.rss / 2 ** 20,
      heldHeapMb: held.heapUsed / 2 ** 20,
      heapPerConnectionKb: (held.heapUsed - baseline.heapUsed) / 1024 / CONNECTIONS,
    };
    const steps = [];
    for (const [index, target] of TARGETS.entries()) {
      const result = await runStep(server, target, `${run}.${index}`);
      steps.push(result);
      if (!args.json) printStep(result);
      if (result.deliveredPerSecond < target * SATURATED_BELOW) break;
    }
    const after = await server.request({ cmd: 'memory' }, 'memory');
    memory.afterLoadRssMb = after.rss / 2 ** 20;
    memory.afterLoadHeapMb = after.heapUsed / 2 ** 20;
    return {
      setup,
      memory,
      steps,
      stillOpen: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length,
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await server.stop();
  }
}

const fmt = (value, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : '–';

function printStep(step) {
  console.log(
    `  target ${fmt(step.target).padStart(7)}/s: delivered ${fmt(step.deliveredPerSecond).padStart(7)}/s` +
      ` of ${fmt(step.offeredPerSecond)}/s offered (${fmt(step.publishedPerSecond, 1)} publishes/s), latency p50 ${fmt(step.latencyP50Ms, 1)} ms` +
      ` p99 ${fmt(step.latencyP99Ms, 1)} ms, drain ${fmt(step.drainMs)} ms, lost ${step.lost},` +
      ` cpu server ${fmt(step.serverCpu * 100)} % client ${fmt(step.clientCpu * 100)} %`,
  );
}

function summarize(results) {
  const byTarget = TARGETS.map((target) => {
    const steps = results.flatMap((result) =>
      result.steps.filter((step) => step.target === target),
    );
    if (steps.length === 0) return null;
    const pick = (key) => median(steps.map((step) => step[key]));
    const delivered = steps.map((step) => step.deliveredPerSecond);
    return {
      target,
      runs: steps.length,
      publishRate: target / CONNECTIONS,
      publishedPerSecond: pick('publishedPerSecond'),
      offeredPerSecond: pick('offeredPerSecond'),
      deliveredPerSecond: pick('deliveredPerSecond'),
      deliveredMin: Math.min(...delivered),
      deliveredMax: Math.max(...delivered),
      saturated: pick('deliveredPerSecond') < target * SATURATED_BELOW,
      latencyP50Ms: pick('latencyP50Ms'),
      latencyP99Ms: pick('latencyP99Ms'),
      drainMs: pick('drainMs'),
      lost: Math.max(...steps.map((step) => step.lost)),
      serverCpu: pick('serverCpu'),
      clientCpu: pick('clientCpu'),
    };
  }).filter((entry) => entry !== null);
  const pick = (get) => median(results.map(get));
  return {
    connections: CONNECTIONS,
    seconds: SECONDS,
    runs: results.length,
    node: process.version,
    setupTotalMs: pick((result) => result.setup.totalMs),
    setupPerSecond: pick((result) => result.setup.perSecond),
    setupP50Ms: pick((result) => result.setup.p50Ms),
    setupP95Ms: pick((result) => result.setup.p95Ms),
    baselineRssMb: pick((result) => result.memory.baselineRssMb),
    heldRssMb: pick((result) => result.memory.heldRssMb),
    heldHeapMb: pick((result) => result.memory.heldHeapMb),
    heapPerConnectionKb: pick((result) => result.memory.heapPerConnectionKb),
    afterLoadRssMb: pick((result) => result.memory.afterLoadRssMb),
    afterLoadHeapMb: pick((result) => result.memory.afterLoadHeapMb),
    stillOpenMin: Math.min(...results.map((result) => result.stillOpen)),
    maxSustainedPerSecond: pick((result) =>
      Math.max(
        0,
        ...result.steps
          .filter((step) => step.deliveredPerSecond >= step.target * SATURATED_BELOW)
          .map((step) => step.deliveredPerSecond),
      ),
    ),
    peakDeliveredPerSecond: pick((result) =>
      Math.max(...result.steps.map((step) => step.deliveredPerSecond)),
    ),
    steps: byTarget,
  };
}

const results = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    if (!args.json)
      console.log(`run ${run}/${RUNS}: ${CONNECTIONS} connections, ${SECONDS} s per step`);
    const result = await runOnce(run);
    results.push(result);
    if (!args.json) {
      const { setup, memory } = result;
      console.log(
        `  setup ${fmt(setup.totalMs)} ms (${fmt(setup.perSecond)}/s, p50 ${fmt(setup.p50Ms, 1)} ms, p95 ${fmt(setup.p95Ms, 1)} ms);` +
          ` server rss ${fmt(memory.heldRssMb)} MB, heap ${fmt(memory.heldHeapMb)} MB` +
          ` (${fmt(memory.heapPerConnectionKb, 1)} KB per connection); after load rss ${fmt(memory.afterLoadRssMb)} MB, heap ${fmt(memory.afterLoadHeapMb)} MB;` +
          ` ${result.stillOpen}/${CONNECTIONS} still open`,
      );
    }
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

if (results.length > 0) {
  const summary = summarize(results);
  emitResults(report(summary), { print: args.json, out: args.out });
  if (!args.json) {
    console.log(
      `\nmedians over ${summary.runs} run(s), ${CONNECTIONS} connections, Node ${summary.node}:`,
    );
    console.log(
      `  connection setup: ${fmt(summary.setupTotalMs)} ms for all (${fmt(summary.setupPerSecond)}/s), p50 ${fmt(summary.setupP50Ms, 1)} ms, p95 ${fmt(summary.setupP95Ms, 1)} ms`,
    );
    console.log(
      `  server memory: ${fmt(summary.baselineRssMb)} MB rss idle, ${fmt(summary.heldRssMb)} MB rss holding (${fmt(summary.heapPerConnectionKb, 1)} KB heap per connection), ${fmt(summary.afterLoadRssMb)} MB rss / ${fmt(summary.afterLoadHeapMb)} MB heap after load`,
    );
    console.log(
      `  max sustained delivery: ${fmt(summary.maxSustainedPerSecond)}/s (peak ${fmt(summary.peakDeliveredPerSecond)}/s)`,
    );
    console.log(
      '  target/s  offered/s  delivered/s  p50 ms  p99 ms  drain ms  lost  server cpu  client cpu',
    );
    for (const step of summary.steps) {
      console.log(
        `  ${fmt(step.target).padStart(8)}  ${fmt(step.offeredPerSecond).padStart(9)}  ${fmt(step.deliveredPerSecond).padStart(11)}  ${fmt(step.latencyP50Ms, 1).padStart(6)}  ${fmt(step.latencyP99Ms, 1).padStart(6)}  ${fmt(step.drainMs).padStart(8)}  ${String(step.lost).padStart(4)}  ${fmt(step.serverCpu * 100).padStart(8)} %  ${fmt(step.clientCpu * 100).padStart(8)} %`,
      );
    }
  }
}

/** The summary in the shape of bench/support/results.mjs: one row per delivery target. */
function report(summary) {
  const { node: _node, steps, ...rest } = summary;
  const sustained = summary.maxSustainedPerSecond;
  return {
    benchmark: 'server-load',
    date: today(),
    machine: machine(),
    unit: 'deliveries/s',
    ...rest,
    rows: steps.map(({ deliveredPerSecond, deliveredMin, deliveredMax, ...step }) => ({
      name: `${step.target}/s`,
      median: deliveredPerSecond,
      min: deliveredMin,
      max: deliveredMax,
      ...step,
    })),
    targets: [
      {
        name: 'connections held',
        target: `${TARGET_CONNECTIONS.toLocaleString('en-US')} connections`,
        value: summary.stillOpenMin,
        met: CONNECTIONS >= TARGET_CONNECTIONS && summary.stillOpenMin === CONNECTIONS,
      },
      {
        name: 'deliveries per second',
        target: `${TARGET_PER_SECOND.toLocaleString('en-US')} deliveries/s`,
        value: sustained,
        // The delivered rate is counted in a window: within 2 % of the target counts.
        met: sustained >= TARGET_PER_SECOND * 0.98 && steps.every((step) => step.lost === 0),
      },
    ],
  };
}
