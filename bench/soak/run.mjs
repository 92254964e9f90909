#!/usr/bin/env node
/**
 * Memory soak of the engine (scenario 8 of the reliability work; a benchmark, not a test).
 *
 *   npm run soak            # builds the library and the server, then runs this with --expose-gc
 *   node --expose-gc bench/soak/run.mjs [--cycles 1000] [--subscriptions 10000]
 *
 * Against the reference server in a child process (loopback), one `RealtimeClient`:
 * 1. 1,000 connect → connected → disconnect cycles;
 * 2. 10,000 subscribe → subscribed → unsubscribe cycles on one connection.
 * After each phase: exactly one (or zero) live socket, counted at the server and at the
 * client; the process's active handles (timers, sockets) back to the baseline; the retained
 * heap growth after GC under 2 MB. The server runs in its own process so the heap and handle
 * figures are the client's alone. Exits 1 when an invariant fails. Figures:
 * docs/reliability.md.
 */
import { fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeHeapSnapshot } from 'node:v8';
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

const child = fork(fileURLToPath(new URL('./server-process.mjs', import.meta.url)), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const pending = new Map();
let nextId = 0;
const ready = new Promise((done, fail) => {
  child.once('exit', (code) => fail(new Error(`server process exited (${code})`)));
  child.on('message', (message) => {
    if (message.type === 'ready') done(message);
    const answer = pending.get(message.id);
    if (answer === undefined) return;
    pending.delete(message.id);
    answer(message);
  });
});
/** Sends a command to the server process and waits for its answer. */
function ask(cmd, fields = {}) {
  const id = nextId++;
  return new Promise((done) => {
    pending.set(id, done);
    child.send({ id, cmd, ...fields });
  });
}
const { url, token } = await ready;

/** The server's view: open sockets of the soak user, and whether it has joined the channel. */
const serverState = () => ask('state', { userId: USER, channel: CHANNEL });

/** Waits (bounded) until `condition` (sync or async) holds. */
async function until(condition, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((done) => setImmediate(done));
  }
}

/** Active handles and requests by kind (the IPC channel is part of the baseline). */
function resources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
/**
 * Heap after GC, once sockets and their buffers had time to be finalized: `total` is V8's
 * `heapUsed`; `data` sums a heap snapshot without V8's compiled code (machine code, bytecode,
 * feedback and deoptimization data), which keeps growing as hot functions are optimized and
 * re-optimized and is not memory the program holds on to.
 */
async function settledHeap() {
  for (let i = 0; i < 6; i++) {
    await new Promise((done) => setTimeout(done, 100));
    globalThis.gc();
  }
  const total = process.memoryUsage().heapUsed;
  const file = join(tmpdir(), `ngx-realtime-soak-${process.pid}.heapsnapshot`);
  writeHeapSnapshot(file);
  try {
    const { snapshot, nodes } = JSON.parse(readFileSync(file, 'utf8'));
    const fields = snapshot.meta.node_fields;
    const codeType = snapshot.meta.node_types[0].indexOf('code');
    const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
    let data = 0;
    for (let i = 0; i < nodes.length; i += fields.length) {
      if (nodes[i + typeAt] !== codeType) data += nodes[i + sizeAt];
    }
    return { total, data };
  } finally {
    rmSync(file, { force: true });
  }
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
let maxLive = 0;
for (let i = 0; i < CYCLES; i++) {
  client.connect();
  await until(() => client.status === 'connected', `connect ${i}`);
  maxLive = Math.max(maxLive, await serverSockets(), clientSockets());
  client.disconnect();
  await until(async () => (await serverSockets()) === 0 && clientSockets() === 0, `close ${i}`);
}
const afterCycles = { heap: await settledHeap(), resources: resources() };
const cyclesGrowth = growth(baseline.heap, afterCycles.heap);
results.cycles = { cycles: CYCLES, maxLiveSockets: maxLive, heapGrowth: cyclesGrowth };
check('connect/disconnect: at most one live socket', maxLive === 1, `max ${maxLive}`);
check(
  'connect/disconnect: handles back to baseline',
  JSON.stringify(afterCycles.resources) === JSON.stringify(baseline.resources),
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
console.log(
  JSON.stringify({
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    ...results,
  }),
);
process.exit(failures === 0 ? 0 : 1);
