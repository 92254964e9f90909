#!/usr/bin/env node
/**
 * Inbound throughput over loopback, side by side (issue 8, item 1; a benchmark, not a test).
 *
 *   npm run bench:throughput     # builds the library, then 5 runs after a warm-up
 *   node --expose-gc bench/throughput/run.mjs [--runs 5] [--messages 200000] [--channels 10]
 *                                            [--only ngx-realtime,ws] [--json] [--out file]
 *
 * Builds nothing: run `npm run build` first (the engine is imported from
 * `dist/ngx-realtime/fesm2022/ngx-realtime-core.mjs`). A minimal sender (sender-process.mjs)
 * runs in a child process and blasts pre-encoded frames as soon as a client has subscribed
 * to every channel; the receivers run here, one at a time, each on a fresh connection:
 *
 * - `ngx-realtime`: the core engine (`RealtimeClient`, `webSocketFactory(ws)`) with one
 *   subscriber per channel; every frame is decoded, validated (envelope, timestamp, payload
 *   schema), sequence-tracked, deduplicated and delivered to its channel's subscribers;
 * - `ws`: raw `ws` + `JSON.parse` (the practical limit, the baseline of the ratios);
 * - `rxjs webSocket`: `rxjs/webSocket` with `ws` as `WebSocketCtor`, one `multiplex` stream
 *   per channel;
 * - `socket.io-client`: against a socket.io server (websocket transport), the same payloads
 *   as events named after their channel, one listener per channel;
 * - `reconnecting-websocket`: with `ws` as its WebSocket, + `JSON.parse`.
 *
 * The rate is messages / time from the first message to the last one, on the receiving side.
 * One warm-up round, then `--runs` rounds; in each round every library runs once, in an
 * order rotated from round to round. Medians, min–max and the ratio to raw `ws` are printed,
 * then a JSON line with everything (bench/support/results.mjs: with `--json` only that line,
 * `--out` also writes it to a file). Figures: docs/benchmarks.md.
 */
import { fork } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ReconnectingWebSocket from 'reconnecting-websocket';
import { webSocket } from 'rxjs/webSocket';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { emitResults, jsonMode, machine, packageVersion, today } from '../support/results.mjs';
import { channelName } from './messages.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    messages: { type: 'string', default: '200000' },
    channels: { type: 'string', default: '10' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const RUNS = positiveInt(args.runs, 'runs');
const MESSAGES = positiveInt(args.messages, 'messages');
const CHANNELS = positiveInt(args.channels, 'channels');
/** Longest time one library may take for one run. */
const RUN_TIMEOUT_MS = 120_000;
const TARGETS = { vsWs: 0.9, vsSocketIo: 1.4 };

const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

/**
 * Counts arrivals; `done` resolves with the first-to-last time once `MESSAGES` arrived (after
 * `close` ran), or rejects on `fail` or a timeout.
 */
function counter(close) {
  let count = 0;
  let first = 0;
  let last = 0;
  let settle;
  const done = new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`timed out after ${count} of ${MESSAGES} messages`)),
      RUN_TIMEOUT_MS,
    );
    settle = (error) => {
      clearTimeout(timer);
      close();
      if (error !== undefined) fail(error);
      else ok({ ms: last - first, received: count });
    };
  });
  return {
    done,
    fail: (error) => settle(error),
    /** One message arrived. */
    arrived() {
      if (count === 0) first = performance.now();
      if (++count === MESSAGES) {
        last = performance.now();
        settle();
      }
    },
  };
}

const subscribeFrame = (channel) => JSON.stringify({ type: 'subscribe', payload: { channel } });
const channels = Array.from({ length: CHANNELS }, (_, index) => channelName(index));

/** The receivers: each opens a fresh connection and resolves with `{ ms, received }`. */
const LIBRARIES = {
  'ngx-realtime': ({ wsUrl }) => {
    const client = new RealtimeClient({
      url: wsUrl,
      webSocket: webSocketFactory(WebSocket),
      lifecycle: null,
    });
    const run = counter(() => client.destroy());
    client.errors$.subscribe((error) => run.fail(error));
    for (const channel of channels) {
      client.channel(channel).subscribe({ next: run.arrived, error: run.fail });
    }
    client.connect();
    return run.done.then((result) => {
      const { lastSequence, decodeErrors } = client.stats;
      if (lastSequence !== MESSAGES || decodeErrors !== 0) {
        throw new Error(`engine: lastSequence ${lastSequence}, decodeErrors ${decodeErrors}`);
      }
      return result;
    });
  },
  ws: ({ wsUrl }) => {
    const socket = new WebSocket(wsUrl);
    const run = counter(() => socket.close());
    socket.on('error', run.fail);
    socket.on('open', () => {
      for (const channel of channels) socket.send(subscribeFrame(channel));
    });
    socket.on('message', (data) => {
      JSON.parse(data.toString());
      run.arrived();
    });
    return run.done;
  },
  'rxjs webSocket': ({ wsUrl }) => {
    const subject = webSocket({ url: wsUrl, WebSocketCtor: WebSocket });
    const subscriptions = [];
    const run = counter(() => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    });
    for (const channel of channels) {
      const stream = subject.multiplex(
        () => ({ type: 'subscribe', payload: { channel } }),
        () => ({ type: 'unsubscribe', payload: { channel } }),
        (message) => message.channel === channel,
      );
      subscriptions.push(stream.subscribe({ next: run.arrived, error: run.fail }));
    }
    return run.done;
  },
  'socket.io-client': ({ socketIoUrl }) => {
    const socket = io(socketIoUrl, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const run = counter(() => socket.close());
    socket.on('connect_error', run.fail);
    for (const channel of channels) socket.on(channel, run.arrived);
    socket.on('connect', () => {
      for (const channel of channels) socket.emit('subscribe', channel);
    });
    return run.done;
  },
  'reconnecting-websocket': ({ wsUrl }) => {
    const socket = new ReconnectingWebSocket(wsUrl, [], { WebSocket, maxRetries: 0 });
    const run = counter(() => socket.close());
    socket.addEventListener('open', () => {
      for (const channel of channels) socket.send(subscribeFrame(channel));
    });
    socket.addEventListener('message', (event) => {
      JSON.parse(event.data);
      run.arrived();
    });
    return run.done;
  },
};
const BASELINE = 'ws';
/** Packages behind each library, for the labels of the docs. */
const PACKAGES = {
  ws: 'ws',
  'rxjs webSocket': 'rxjs',
  'socket.io-client': 'socket.io-client',
  'reconnecting-websocket': 'reconnecting-websocket',
};

const selected = args.only === undefined ? Object.keys(LIBRARIES) : args.only.split(',');
for (const name of selected) {
  if (!(name in LIBRARIES)) {
    console.error(`--only: unknown library "${name}" (${Object.keys(LIBRARIES).join(', ')})`);
    process.exit(2);
  }
}

// ---- the sender -------------------------------------------------------------------------------
const child = fork(
  fileURLToPath(new URL('./sender-process.mjs', import.meta.url)),
  ['--messages', String(MESSAGES), '--channels', String(CHANNELS)],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
const sender = await new Promise((done, fail) => {
  child.once('exit', (code) => fail(new Error(`sender process exited (${code})`)));
  child.once('message', done);
});

const pause = (ms) => new Promise((done) => setTimeout(done, ms));
/** Lets closed sockets finish and, with --expose-gc, starts each run on a collected heap. */
async function settle() {
  await pause(100);
  globalThis.gc?.();
  await pause(50);
}

const rates = Object.fromEntries(selected.map((name) => [name, []]));
let failed = false;
try {
  for (let round = 0; round <= RUNS; round++) {
    const warmUp = round === 0;
    // Rotate the order from round to round so no library always runs first or last.
    const order = selected.map((_, index) => selected[(index + round) % selected.length]);
    const line = [];
    for (const name of order) {
      await settle();
      const { ms } = await LIBRARIES[name](sender);
      const rate = (MESSAGES - 1) / (ms / 1000);
      if (!warmUp) rates[name].push(rate);
      line.push(`${name} ${fmt(rate)}/s`);
    }
    if (!args.json)
      console.log(`${warmUp ? 'warm-up' : `run ${round}/${RUNS}`}: ${line.join(', ')}`);
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
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

const results = Object.fromEntries(
  selected.map((name) => [
    name,
    {
      median: median(rates[name]),
      min: Math.min(...rates[name]),
      max: Math.max(...rates[name]),
      runs: rates[name],
    },
  ]),
);
for (const result of Object.values(results)) {
  result.vsWs = results[BASELINE] === undefined ? null : result.median / results[BASELINE].median;
}
const engine = results['ngx-realtime'];
const socketIo = results['socket.io-client'];
const targets = [];
if (engine?.vsWs != null) {
  targets.push({
    name: 'ngx-realtime vs raw ws',
    target: `≥ ${TARGETS.vsWs.toFixed(2)}× raw ws`,
    value: engine.vsWs,
    met: engine.vsWs >= TARGETS.vsWs,
  });
}
if (engine !== undefined && socketIo !== undefined) {
  const ratio = engine.median / socketIo.median;
  targets.push({
    name: 'ngx-realtime vs socket.io-client',
    target: `≥ ${TARGETS.vsSocketIo}× socket.io-client`,
    value: ratio,
    met: ratio >= TARGETS.vsSocketIo,
  });
}
const printTarget = (target) =>
  console.log(
    `  target ngx-realtime ${target.target}: ${fmt(target.value, 2)}× (${target.met ? 'met' : 'MISSED'})`,
  );

if (!args.json) {
  console.log(
    `\n${fmt(MESSAGES)} messages of ~${fmt(sender.messageBytes)} bytes on ${CHANNELS} channels, medians of ${RUNS} runs, Node ${process.version}:`,
  );
  console.log('  library                   msg/s (median)   min – max                 × ws');
  for (const [name, result] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(24)}  ${fmt(result.median).padStart(14)}   ${`${fmt(result.min)} – ${fmt(result.max)}`.padEnd(24)}  ${result.vsWs === null ? '' : fmt(result.vsWs, 2)}`,
    );
  }
  targets.forEach(printTarget);
}
emitResults(
  {
    benchmark: 'throughput',
    date: today(),
    machine: machine(),
    unit: 'msg/s',
    baseline: BASELINE,
    messages: MESSAGES,
    channels: CHANNELS,
    messageBytes: sender.messageBytes,
    runs: RUNS,
    rows: Object.entries(results).map(([name, { vsWs, ...result }]) => ({
      name,
      ...(name in PACKAGES ? { version: packageVersion(PACKAGES[name]) } : {}),
      ...result,
      ratio: vsWs,
    })),
    targets,
  },
  { print: true, out: args.out },
);
