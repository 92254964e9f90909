#!/usr/bin/env node
/**
 * Retained memory of the engine per connection, per subscription and per buffered message
 * (a benchmark, not a test; not part of `npm test`).
 *
 *   npm run bench:memory     # builds the library and the server, then runs this with --expose-gc
 *   node --expose-gc bench/memory/run.mjs [--runs 5] [--connections 500] [--channels 1000]
 *                                         [--messages 10000] [--json] [--out file]
 *
 * The built `ngx-realtime/core` (socket `ws` through `webSocketFactory`) here, the built
 * reference server in a child process (server-process.mjs), so the figures are the client's
 * alone. Each measure is the growth between two settled heaps (after GC) divided by the count:
 * 1. **connection**: N `RealtimeClient`s connected (each its own user and token), against 0;
 *    next to the baseline, N raw `ws` sockets open (same users, same server);
 * 2. **subscription**: one connected client, M channels joined (`channel(name).subscribe()`,
 *    the `Subscription`s kept as an app keeps them), against the same client with none;
 * 3. **buffered message**: one client that never connected, K `send()`s of a ~150-byte
 *    `send_message` queued in its outbox (`outbox.limit` raised to K), against an empty one.
 * "Data" sums a heap snapshot without V8's compiled code (the house measure of
 * bench/soak/run.mjs); `heapUsed` also counts compiled code; "external" is memory outside
 * the V8 heap (the sockets' Buffers). One warm-up round first; medians of the runs, min–max.
 * Ends with a JSON line (bench/support/results.mjs: with `--json` only that line, `--out` also
 * writes it to a file).
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { settledHeap } from '../support/heap.mjs';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { startServerProcess, until as waitUntil } from '../support/server-process.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { signToken } = require(join(ROOT, 'projects/reference-server/dist/index.js'));
const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    connections: { type: 'string', default: '500' },
    channels: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const RUNS = positiveInt(args.runs, 'runs');
const CONNECTIONS = positiveInt(args.connections, 'connections');
const CHANNELS = positiveInt(args.channels, 'channels');
const MESSAGES = positiveInt(args.messages, 'messages');
const SECRET = 'memory-secret';
const OPEN_BATCH = 100;
const CHANNEL_PREFIX = 'conversation:mem-';

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run bench:memory does).');
  process.exit(2);
}
setTimeout(
  () => {
    console.error('memory: watchdog fired, giving up');
    process.exit(2);
  },
  (RUNS + 1) * 180_000,
).unref();

const { url, ask } = await startServerProcess(
  fileURLToPath(new URL('./server-process.mjs', import.meta.url)),
  { ...process.env, BENCH_SECRET: SECRET },
);
const serverState = (userId = 'mem-sub') => ask('state', { userId, prefix: CHANNEL_PREFIX });

/** Waits (bounded) until `condition` (sync or async) holds; the joins take a while. */
const until = (condition, what) => waitUntil(condition, what, 30_000, 10);

/** Growth between two {@link settledHeap} readings, per unit. */
const perUnit = (before, after, count) => ({
  data: (after.data - before.data) / count,
  total: (after.total - before.total) / count,
  external: (after.external - before.external) / count,
});

const factory = webSocketFactory(WebSocket);
function newClient(userId, extra = {}) {
  const token = signToken(userId, SECRET, 3600);
  return new RealtimeClient({
    url,
    token: () => token,
    webSocket: factory,
    lifecycle: null,
    ...extra,
  });
}

/** N clients connected against none. */
async function perConnection(count) {
  const before = await settledHeap();
  const clients = [];
  for (let i = 0; i < count; i++) clients.push(newClient(`mem-conn-${i}`));
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = clients.slice(start, start + OPEN_BATCH);
    for (const client of batch) client.connect();
    await until(() => batch.every((client) => client.status === 'connected'), 'connect');
  }
  await until(async () => (await serverState()).connections === count, 'server sees all');
  const after = await settledHeap();
  for (const client of clients) client.destroy();
  await until(async () => (await serverState()).connections === 0, 'all closed');
  return perUnit(before, after, count);
}

/** The baseline: N raw `ws` sockets open (each its own user, `?token=`) against none. */
async function perRawSocket(count) {
  const before = await settledHeap();
  const sockets = [];
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + OPEN_BATCH); i++) {
      const token = signToken(`mem-raw-${i}`, SECRET, 3600);
      const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
      socket.on('message', () => {});
      batch.push(socket);
    }
    sockets.push(...batch);
    await until(() => batch.every((socket) => socket.readyState === WebSocket.OPEN), 'open');
  }
  await until(async () => (await serverState()).connections === count, 'server sees all');
  const after = await settledHeap();
  for (const socket of sockets) socket.close();
  await until(async () => (await serverState()).connections === 0, 'all closed');
  return perUnit(before, after, count);
}

/** One connected client, M channels joined against none. */
async function perSubscription(count) {
  const client = newClient('mem-sub');
  client.connect();
  await until(() => client.status === 'connected', 'connect');
  const before = await settledHeap();
  const subscriptions = [];
  for (let i = 0; i < count; i++)
    subscriptions.push(client.channel(`${CHANNEL_PREFIX}${i}`).subscribe());
  await until(async () => (await serverState()).joined === count, 'all joined');
  const after = await settledHeap();
  for (const subscription of subscriptions) subscription.unsubscribe();
  await until(async () => (await serverState()).joined === 0, 'all left');
  client.destroy();
  await until(async () => (await serverState()).connections === 0, 'closed');
  return perUnit(before, after, count);
}

/** A ~150-byte frame once encoded. */
const MESSAGE = {
  type: 'send_message',
  payload: { conversation_id: 'c1', content: 'x'.repeat(48) },
};

/** One offline client, K sends queued in the outbox against none. */
async function perBufferedMessage(count) {
  const client = newClient('mem-outbox', { outbox: { limit: count } });
  const before = await settledHeap();
  for (let i = 0; i < count; i++) {
    if (!client.send(MESSAGE).queued) throw new Error('send went out while offline');
  }
  if (client.stats.outboxDepth !== count) throw new Error('outbox depth mismatch');
  const after = await settledHeap();
  client.destroy();
  return perUnit(before, after, count);
}

/** Bytes of {@link MESSAGE} as the engine writes it (id and timestamp added). */
async function frameBytes() {
  let bytes = 0;
  const client = newClient('mem-frame', {
    webSocket: (address, protocols) => {
      const socket = factory(address, protocols);
      const send = socket.send.bind(socket);
      socket.send = (text) => {
        if (text.includes('send_message')) bytes = Buffer.byteLength(text);
        send(text);
      };
      return socket;
    },
  });
  client.connect();
  await until(() => client.status === 'connected', 'connect');
  client.send(MESSAGE);
  await until(() => bytes > 0, 'frame written');
  client.destroy();
  await until(async () => (await serverState()).connections === 0, 'closed');
  return bytes;
}

const MEASURES = [
  ['raw ws socket (baseline)', () => perRawSocket(CONNECTIONS), CONNECTIONS],
  ['connection', () => perConnection(CONNECTIONS), CONNECTIONS],
  ['subscription', () => perSubscription(CHANNELS), CHANNELS],
  ['buffered message', () => perBufferedMessage(MESSAGES), MESSAGES],
];

const FRAME_BYTES = await frameBytes();
// Warm-up: every measure once at a tenth of its size (compiles the hot paths, creates lazily
// built structures).
await perRawSocket(Math.max(10, Math.round(CONNECTIONS / 10)));
await perConnection(Math.max(10, Math.round(CONNECTIONS / 10)));
await perSubscription(Math.max(10, Math.round(CHANNELS / 10)));
await perBufferedMessage(Math.max(10, Math.round(MESSAGES / 10)));

const results = Object.fromEntries(MEASURES.map(([name]) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, measure] of MEASURES) {
    const figures = await measure();
    results[name].push(figures);
    console.error(
      `run ${run + 1}/${RUNS} ${name}: ${figures.data.toFixed(0)} B data, ` +
        `${figures.total.toFixed(0)} B heapUsed, ${figures.external.toFixed(0)} B external`,
    );
  }
}

const stat = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});
const summary = Object.fromEntries(
  MEASURES.map(([name, , count]) => [
    name,
    {
      count,
      data: stat(results[name].map((run) => run.data)),
      heapUsed: stat(results[name].map((run) => run.total)),
      external: stat(results[name].map((run) => run.external)),
    },
  ]),
);

const bytes = (value) =>
  Math.abs(value) >= 10_240 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`;
const cell = ({ median: mid, min, max }) => `${bytes(mid)} (${bytes(min)}–${bytes(max)})`;
console.log(
  `\nRetained per unit, medians of ${RUNS} runs (min–max); buffered frame: ${FRAME_BYTES} bytes`,
);
console.log('| per | count | data (no compiled code) | heapUsed | external |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, figures] of Object.entries(summary)) {
  console.log(
    `| ${name} | ${figures.count.toLocaleString('en-US')} | ${cell(figures.data)} | ` +
      `${cell(figures.heapUsed)} | ${cell(figures.external)} |`,
  );
}

const ratio = summary.connection.data.median / summary['raw ws socket (baseline)'].data.median;
console.log(`connection ÷ raw ws socket (data): ${ratio.toFixed(2)}×`);

await ask('stop');
const BASELINE = 'raw ws socket (baseline)';
emitResults(
  {
    benchmark: 'memory',
    date: today(),
    machine: machine(),
    unit: 'bytes',
    baseline: BASELINE,
    runs: RUNS,
    frameBytes: FRAME_BYTES,
    connectionToRawWs: ratio,
    // One row per measure: median/min/max are the retained data per unit (no compiled code).
    rows: Object.entries(summary).map(([name, figures]) => ({
      name,
      count: figures.count,
      ...figures.data,
      ratio: figures.data.median / summary[BASELINE].data.median,
      heapUsed: figures.heapUsed.median,
      heapUsedMin: figures.heapUsed.min,
      heapUsedMax: figures.heapUsed.max,
      external: figures.external.median,
      externalMin: figures.external.min,
      externalMax: figures.external.max,
    })),
    // The issue sets no target for memory: the figures are reported.
    targets: [],
  },
  { print: true, out: args.out },
);
process.exit(0);
