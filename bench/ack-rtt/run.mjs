#!/usr/bin/env node
/**
 * Acknowledged round trip over loopback, side by side (issue 8, item 2; a benchmark, not a
 * test).
 *
 *   npm run bench:ack     # builds the library, then 5 runs after a warm-up
 *   node bench/ack-rtt/run.mjs [--runs 5] [--requests 10000] [--warmup 1000]
 *                              [--only ngx-realtime,ws] [--json] [--out file]
 *
 * Builds nothing: run `npm run build` first (the engine is imported from
 * `dist/ngx-realtime/fesm2022/ngx-realtime-core.mjs`). A minimal server (server-process.mjs)
 * runs in a child process and answers every request at once; the client here sends
 * `--requests` requests one after the other, each waiting for the answer of the previous
 * one, and times each from the call to the resolved answer:
 *
 * - `ngx-realtime`: the core engine's `sendWithAck` (`RealtimeClient` with
 *   `webSocketFactory(ws)`), awaited with `firstValueFrom`; the server answers the frame's
 *   `ack_id` with a SocialHub `ack` frame;
 * - `ws`: raw `ws` request/reply (the baseline): JSON with an `id`, the same `ack` frame back,
 *   `JSON.parse`, a Map of pending promises;
 * - `socket.io-client`: `emitWithAck` against a socket.io server (websocket transport).
 *
 * Each library keeps one connection for the whole benchmark. The libraries take turns
 * request by request (the order rotated from round to round), so slow and fast phases of the
 * machine hit all of them alike. One warm-up round of `--warmup` requests per library, then
 * `--runs` rounds of `--requests` each. Per run p50 and p99; printed are their medians over the runs,
 * min–max and the ratio to raw `ws`, then a JSON line with everything (bench/support/results.mjs:
 * with `--json` only that line, `--out` also writes it to a file). Figures: docs/benchmarks.md.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { filter, firstValueFrom } from 'rxjs';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { emitResults, jsonMode, machine, packageVersion, today } from '../support/results.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    requests: { type: 'string', default: '10000' },
    warmup: { type: 'string', default: '1000' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const RUNS = positiveInt(args.runs, 'runs');
const REQUESTS = positiveInt(args.requests, 'requests');
const WARM_UP = positiveInt(args.warmup, 'warmup');
/** Longest wait for one answer. */
const ANSWER_TIMEOUT_MS = 10_000;
const TARGET_P50_VS_WS = 1.1;

const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

/** What each request carries (a chat message, as an app would send it). */
const PAYLOAD = { conversation_id: 'conv-42', content: 'Hello from the benchmark' };

/** The clients: each opens its connection and returns `{ call, close }`. */
const LIBRARIES = {
  'ngx-realtime': async ({ wsUrl }) => {
    const client = new RealtimeClient({
      url: wsUrl,
      webSocket: webSocketFactory(WebSocket),
      lifecycle: null,
      ackTimeoutMs: ANSWER_TIMEOUT_MS,
    });
    client.connect();
    await firstValueFrom(client.status$.pipe(filter((status) => status === 'connected')));
    return {
      call: () => firstValueFrom(client.sendWithAck({ type: 'message', payload: PAYLOAD })),
      close: () => client.destroy(),
    };
  },
  ws: async ({ wsUrl }) => {
    const socket = new WebSocket(wsUrl);
    await once(socket, 'open');
    const pending = new Map();
    let next = 0;
    socket.on('message', (data) => {
      const reply = JSON.parse(data.toString());
      const answer = pending.get(reply.payload.ack_id);
      if (answer === undefined) return;
      pending.delete(reply.payload.ack_id);
      answer(reply.payload);
    });
    return {
      call: () =>
        new Promise((answer) => {
          const id = String(next++);
          pending.set(id, answer);
          socket.send(JSON.stringify({ id, type: 'message', payload: PAYLOAD }));
        }),
      close: () => socket.close(),
    };
  },
  'socket.io-client': async ({ socketIoUrl }) => {
    const socket = io(socketIoUrl, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await once(socket, 'connect');
    return {
      call: () => socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck('message', PAYLOAD),
      close: () => socket.close(),
    };
  },
};
const BASELINE = 'ws';

const selected = args.only === undefined ? Object.keys(LIBRARIES) : args.only.split(',');
for (const name of selected) {
  if (!(name in LIBRARIES)) {
    console.error(`--only: unknown library "${name}" (${Object.keys(LIBRARIES).join(', ')})`);
    process.exit(2);
  }
}

// ---- the server -------------------------------------------------------------------------------
const child = fork(fileURLToPath(new URL('./server-process.mjs', import.meta.url)), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const server = await new Promise((done, fail) => {
  child.once('exit', (code) => fail(new Error(`server process exited (${code})`)));
  child.once('message', done);
});

/** Quantile `q` of ascending `sorted` (nearest rank). */
const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/**
 * `count` sequential round trips per library, interleaved: request i of each library in
 * turn (in `order`), so every library meets the same machine state (loopback latency here
 * is mostly the scheduler waking the two processes, and it drifts). Returns each library's
 * p50 and p99 in µs.
 */
async function measure(order, count) {
  const times = Object.fromEntries(order.map((name) => [name, new Float64Array(count)]));
  for (let i = 0; i < count; i++) {
    for (const name of order) {
      const start = performance.now();
      await clients[name].call();
      times[name][i] = performance.now() - start;
    }
  }
  return Object.fromEntries(
    order.map((name) => {
      const sorted = times[name].sort();
      return [name, { p50: quantile(sorted, 0.5) * 1000, p99: quantile(sorted, 0.99) * 1000 }];
    }),
  );
}

const clients = {};
const samples = Object.fromEntries(selected.map((name) => [name, []]));
let failed = false;
try {
  for (const name of selected) clients[name] = await LIBRARIES[name](server);
  for (let round = 0; round <= RUNS; round++) {
    const warmUp = round === 0;
    const order = selected.map((_, index) => selected[(index + round) % selected.length]);
    await new Promise((done) => setTimeout(done, 100));
    const results = await measure(order, warmUp ? WARM_UP : REQUESTS);
    const line = [];
    for (const name of selected) {
      if (!warmUp) samples[name].push(results[name]);
      line.push(`${name} p50 ${fmt(results[name].p50)} µs p99 ${fmt(results[name].p99)} µs`);
    }
    if (!args.json)
      console.log(`${warmUp ? 'warm-up' : `run ${round}/${RUNS}`}: ${line.join(', ')}`);
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
  for (const client of Object.values(clients)) client.close();
  child.kill();
}
if (failed) process.exit(1);

// ---- summary ----------------------------------------------------------------------------------
function fmt(value, digits = 0) {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
/** Median, min and max of one figure over the runs. */
function spread(values) {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values,
  };
}

const results = Object.fromEntries(
  selected.map((name) => [
    name,
    {
      p50: spread(samples[name].map((sample) => sample.p50)),
      p99: spread(samples[name].map((sample) => sample.p99)),
    },
  ]),
);
const baseline = results[BASELINE];
for (const result of Object.values(results)) {
  result.p50VsWs = baseline === undefined ? null : result.p50.median / baseline.p50.median;
  result.p99VsWs = baseline === undefined ? null : result.p99.median / baseline.p99.median;
}
const engine = results['ngx-realtime'];
const target =
  engine?.p50VsWs == null
    ? null
    : {
        name: 'ngx-realtime p50 vs raw ws',
        target: `p50 ≤ ${TARGET_P50_VS_WS}× raw ws`,
        value: engine.p50VsWs,
        met: engine.p50VsWs <= TARGET_P50_VS_WS,
      };

if (!args.json) {
  console.log(
    `\n${fmt(REQUESTS)} sequential round trips per run, medians of ${RUNS} runs (µs), Node ${process.version}:`,
  );
  console.log('  library             p50   min – max      × ws     p99   min – max      × ws');
  const range = (figure) => `${fmt(figure.min)} – ${fmt(figure.max)}`.padEnd(13);
  const ratio = (value) => (value === null ? '' : fmt(value, 2)).padStart(5);
  for (const [name, result] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(16)}  ${fmt(result.p50.median).padStart(5)}   ${range(result.p50)}  ${ratio(result.p50VsWs)}   ${fmt(result.p99.median).padStart(5)}   ${range(result.p99)}  ${ratio(result.p99VsWs)}`,
    );
  }
  if (target !== null) {
    console.log(
      `  target ngx-realtime p50 ≤ ${TARGET_P50_VS_WS}× ws: ${fmt(target.value, 2)}× (${target.met ? 'met' : 'MISSED'})`,
    );
  }
}
// One row per library: the p50 figures are the row's median/min/max, p99 ride along.
emitResults(
  {
    benchmark: 'ack-rtt',
    date: today(),
    machine: machine(),
    unit: 'µs',
    baseline: BASELINE,
    requests: REQUESTS,
    runs: RUNS,
    rows: Object.entries(results).map(([name, result]) => ({
      name,
      ...(name === 'socket.io-client' ? { version: packageVersion('socket.io-client') } : {}),
      median: result.p50.median,
      min: result.p50.min,
      max: result.p50.max,
      ratio: result.p50VsWs,
      p99: result.p99.median,
      p99Min: result.p99.min,
      p99Max: result.p99.max,
      p99Ratio: result.p99VsWs,
      p50Runs: result.p50.runs,
      p99Runs: result.p99.runs,
    })),
    targets: target === null ? [] : [target],
  },
  { print: true, out: args.out },
);
