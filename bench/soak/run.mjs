#!/usr/bin/env node
/**
 * Memory soak of the engine (scenario 8 of the reliability work; a benchmark, not a test).
 *
 *   npm run soak            # builds the library and the server, then runs this with --expose-gc
 *   node --expose-gc bench/soak/run.mjs [--cycles 1000] [--subscriptions 10000] [--json] [--out file]
 *
 * Against the reference server in a child process (loopback), one `RealtimeClient`:
 * 1. 1,000 connect → connected → disconnect cycles;
 * 2. 10,000 subscribe → subscribed → unsubscribe cycles on one connection.
 * After each phase: exactly one (or zero) live socket, counted at the server and at the
 * client; the process's active handles (timers, sockets) back to the baseline; the retained
 * heap growth after GC under 2 MB. The server runs in its own process so the heap and handle
 * figures are the client's alone. Exits 1 when an invariant fails. Ends with a JSON line
 * (bench/support/results.mjs: with `--json` only that line, `--out` also writes it to a file).
 * Figures: docs/reliability.md.
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { settledHeap } from '../support/heap.mjs';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { startServerProcess, until } from '../support/server-process.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    cycles: { type: 'string' },
    subscriptions: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(values.json);
const CYCLES = Number(values.cycles ?? 1000);
const SUBSCRIPTIONS = Number(values.subscriptions ?? 10000);
const HEAP_BUDGET = 2 * 1024 * 1024;
const WARM_UP = 50;
const USER = 'soak-user';
const CHANNEL = 'feed:updates';

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run soak does).');
  process.exit(2);
}

const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

const { url, token, ask } = await startServerProcess(
  fileURLToPath(new URL('./server-process.mjs', import.meta.url)),
);

/** The server's view: open sockets of the soak user, and whether it has joined the channel. */
const serverState = () => ask('state', { userId: USER, channel: CHANNEL });

/** Active handles and requests by kind (the IPC channel is part of the baseline). */
function resources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
/** Growth between two {@link settledHeap} readings. */
const growth = (before, after) => ({
  total: after.total - before.total,
  data: after.data - before.data,
});

/** Sockets the engine opened, to count the live ones on the client's side. */
let created = [];
const factory = webSocketFactory(WebSocket);
const client = new RealtimeClient({
  url,
  token: () => token,
  webSocket: (address, protocols) => {
    const socket = factory(address, protocols);
    created.push(socket);
    return socket;
  },
  lifecycle: null,
  reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
});
/** Client sockets connecting or open; forgets the closed ones so the list stays short. */
function clientSockets() {
  created = created.filter((socket) => socket.readyState <= 1);
  return created.length;
}
const serverSockets = async () => (await serverState()).liveSockets;
const joined = async () => (await serverState()).joined;

// Warm-up: a few cycles of each, so lazily created structures exist, and the hot paths are
// compiled, before the baseline.
for (let i = 0; i < WARM_UP; i++) {
  client.connect();
  await until(() => client.status === 'connected', 'warm-up connect');
  const subscription = client.channel(CHANNEL).subscribe();
  await until(joined, 'warm-up subscribe');
  subscription.unsubscribe();
  await until(async () => !(await joined()), 'warm-up unsubscribe');
  client.disconnect();
  await until(async () => (await serverSockets()) === 0 && clientSockets() === 0, 'warm-up close');
}
const baseline = { heap: await settledHeap(), resources: resources() };

const results = {};
let failures = 0;
function check(name, ok, detail) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
}

// Phase 1: connect / disconnect cycles.
let maxLiveServer = 0;
let maxLiveClient = 0;
for (let i = 0; i < CYCLES; i++) {
  client.connect();
  await until(() => client.status === 'connected', `connect ${i}`);
  maxLiveServer = Math.max(maxLiveServer, await serverSockets());
  maxLiveClient = Math.max(maxLiveClient, clientSockets());
  client.disconnect();
  await until(async () => (await serverSockets()) === 0 && clientSockets() === 0, `close ${i}`);
}
const afterCycles = { heap: await settledHeap(), resources: resources() };
const cyclesGrowth = growth(baseline.heap, afterCycles.heap);
const maxLive = Math.max(maxLiveServer, maxLiveClient);
const handlesBack = JSON.stringify(afterCycles.resources) === JSON.stringify(baseline.resources);
results.cycles = {
  cycles: CYCLES,
  maxLiveSockets: maxLive,
  maxLiveServer,
  maxLiveClient,
  handlesBack,
  heapGrowth: cyclesGrowth,
};
check('connect/disconnect: at most one live socket', maxLive === 1, `max ${maxLive}`);
check(
  'connect/disconnect: handles back to baseline',
  handlesBack,
  `${JSON.stringify(baseline.resources)} -> ${JSON.stringify(afterCycles.resources)}`,
);
check(
  'connect/disconnect: retained heap growth < 2 MB',
  cyclesGrowth.data < HEAP_BUDGET,
  `${kib(cyclesGrowth.data)} (heapUsed, with compiled code: ${kib(cyclesGrowth.total)})`,
);

// Phase 2: subscribe / unsubscribe cycles on one connection.
client.connect();
await until(() => client.status === 'connected', 'connect for subscriptions');
const beforeSubscriptions = { heap: await settledHeap() };
for (let i = 0; i < SUBSCRIPTIONS; i++) {
  const subscription = client.channel(CHANNEL).subscribe();
  await until(joined, `subscribe ${i}`);
  subscription.unsubscribe();
  await until(async () => !(await joined()), `unsubscribe ${i}`);
}
const afterSubscriptions = { heap: await settledHeap() };
const liveAfterSubscriptions = { server: await serverSockets(), client: clientSockets() };
const subscriptionsGrowth = growth(beforeSubscriptions.heap, afterSubscriptions.heap);
results.subscriptions = {
  cycles: SUBSCRIPTIONS,
  liveSockets: liveAfterSubscriptions,
  heapGrowth: subscriptionsGrowth,
  framesOut: client.stats.framesOut,
};
check(
  'subscribe/unsubscribe: one live socket',
  liveAfterSubscriptions.server === 1 && liveAfterSubscriptions.client === 1,
  JSON.stringify(liveAfterSubscriptions),
);
check(
  'subscribe/unsubscribe: retained heap growth < 2 MB',
  subscriptionsGrowth.data < HEAP_BUDGET,
  `${kib(subscriptionsGrowth.data)} (heapUsed, with compiled code: ${kib(subscriptionsGrowth.total)})`,
);

client.destroy();
await until(async () => (await serverSockets()) === 0 && clientSockets() === 0, 'final close');
await ask('stop');
const underBudget = (bytes) => bytes < HEAP_BUDGET;
emitResults(
  {
    benchmark: 'soak',
    date: today(),
    machine: machine(),
    unit: 'bytes',
    ...results,
    // One run, so each phase's median, min and max are its retained data growth.
    rows: [
      ['cycles', CYCLES, cyclesGrowth],
      ['subscriptions', SUBSCRIPTIONS, subscriptionsGrowth],
    ].map(([name, count, heapGrowth]) => ({
      name,
      count,
      median: heapGrowth.data,
      min: heapGrowth.data,
      max: heapGrowth.data,
      heapUsed: heapGrowth.total,
    })),
    targets: [
      ['cycles', cyclesGrowth],
      ['subscriptions', subscriptionsGrowth],
    ].map(([name, heapGrowth]) => ({
      name: `${name}: retained data growth`,
      target: '< 2 MB',
      value: heapGrowth.data,
      met: underBudget(heapGrowth.data),
    })),
    failures,
  },
  { print: true, out: values.out },
);
process.exit(failures === 0 ? 0 : 1);
