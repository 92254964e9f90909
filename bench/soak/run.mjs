#!/usr/bin/env node
/**
 * Memory soak of the engine (scenario 8 of the reliability work; a benchmark, not a test).
 *
 *   npm run soak            # builds the library and the server, then runs this with --expose-gc
 *   node --expose-gc bench/soak/run.mjs [--cycles 1000] [--subscriptions 10000]
 *
 * Against the reference server in this process (loopback), one `RealtimeClient`:
 * 1. 1,000 connect → connected → disconnect cycles;
 * 2. 10,000 subscribe → subscribed → unsubscribe cycles on one connection.
 * After each phase: exactly one (or zero) live socket at the server, the process's active
 * timers and sockets back to the baseline, and the retained heap growth after GC. The
 * target is under 2 MB. Exits 1 when an invariant fails. Figures: docs/reliability.md.
 *
 * Caveat: the server runs in this process, so the heap figures include its bounded per-user
 * caches (the last 1,000 received frames and 1,000 processed ids), which fill up during the
 * first phase; moving the server to a child process would isolate the client's share.
 */
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { cycles: { type: 'string' }, subscriptions: { type: 'string' } },
});
const CYCLES = Number(values.cycles ?? 1000);
const SUBSCRIPTIONS = Number(values.subscriptions ?? 10000);
const HEAP_BUDGET = 2 * 1024 * 1024;

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run soak does).');
  process.exit(2);
}

const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);
const { createReferenceServer, silentLogger } = createRequire(import.meta.url)(
  join(ROOT, 'projects', 'reference-server', 'dist', 'index.js'),
);

// The soak measures the client, in the same process as the server: the server's
// 100-frames-per-second limit would throttle the cycles, and its 3-s offline debounce would
// keep each closed connection's state alive past the measurement.
const server = createReferenceServer({
  port: 0,
  secret: 'soak',
  logger: silentLogger,
  maxMessagesPerSecond: 50_000,
  presenceOfflineDelayMs: 1,
});
await server.start();
const token = server.issueToken('soak-user');

/** Waits (bounded) until `condition` holds. */
async function until(condition, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((done) => setImmediate(done));
  }
}

const liveSockets = () => server.hub.session('soak-user').connections.size;
/** Active handles and requests by kind, minus the server's own listening socket. */
function resources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
/** Heap after GC, once sockets and their buffers had time to be finalized. */
async function settledHeap() {
  for (let i = 0; i < 6; i++) {
    await new Promise((done) => setTimeout(done, 100));
    globalThis.gc();
  }
  return process.memoryUsage().heapUsed;
}

const client = new RealtimeClient({
  url: server.url,
  token: () => token,
  webSocket: webSocketFactory(WebSocket),
  lifecycle: null,
  reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
});
const joined = () => server.hub.session('soak-user').channels.has('feed:updates');

// Warm-up: one full cycle of each, so lazily created structures exist before the baseline.
client.connect();
await until(() => client.status === 'connected', 'warm-up connect');
client.channel('feed:updates').subscribe().unsubscribe();
client.disconnect();
await until(() => liveSockets() === 0, 'warm-up close');
const baseline = { heap: await settledHeap(), resources: resources() };

const results = {};
let failures = 0;
function check(name, ok, detail) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
}

// Phase 1: connect / disconnect cycles.
let maxLive = 0;
for (let i = 0; i < CYCLES; i++) {
  client.connect();
  await until(() => client.status === 'connected', `connect ${i}`);
  maxLive = Math.max(maxLive, liveSockets());
  client.disconnect();
  await until(() => liveSockets() === 0, `close ${i}`);
}
const afterCycles = { heap: await settledHeap(), resources: resources() };
results.cycles = {
  cycles: CYCLES,
  maxLiveSockets: maxLive,
  heapGrowth: afterCycles.heap - baseline.heap,
};
check('connect/disconnect: at most one live socket', maxLive === 1, `max ${maxLive}`);
check(
  'connect/disconnect: handles back to baseline',
  JSON.stringify(afterCycles.resources) === JSON.stringify(baseline.resources),
  `${JSON.stringify(baseline.resources)} -> ${JSON.stringify(afterCycles.resources)}`,
);
check(
  'connect/disconnect: retained heap growth < 2 MB',
  afterCycles.heap - baseline.heap < HEAP_BUDGET,
  `${((afterCycles.heap - baseline.heap) / 1024).toFixed(0)} KiB`,
);

// Phase 2: subscribe / unsubscribe cycles on one connection.
client.connect();
await until(() => client.status === 'connected', 'connect for subscriptions');
const beforeSubscriptions = { heap: await settledHeap() };
for (let i = 0; i < SUBSCRIPTIONS; i++) {
  const subscription = client.channel('feed:updates').subscribe();
  await until(joined, `subscribe ${i}`);
  subscription.unsubscribe();
  await until(() => !joined(), `unsubscribe ${i}`);
}
const afterSubscriptions = { heap: await settledHeap() };
results.subscriptions = {
  cycles: SUBSCRIPTIONS,
  liveSockets: liveSockets(),
  heapGrowth: afterSubscriptions.heap - beforeSubscriptions.heap,
  framesOut: client.stats.framesOut,
};
check('subscribe/unsubscribe: one live socket', liveSockets() === 1, `${liveSockets()}`);
check(
  'subscribe/unsubscribe: retained heap growth < 2 MB',
  afterSubscriptions.heap - beforeSubscriptions.heap < HEAP_BUDGET,
  `${((afterSubscriptions.heap - beforeSubscriptions.heap) / 1024).toFixed(0)} KiB`,
);

client.destroy();
await until(() => liveSockets() === 0, 'final close');
await server.stop();
console.log(
  JSON.stringify({
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    ...results,
  }),
);
process.exit(failures === 0 ? 0 : 1);
