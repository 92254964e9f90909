#!/usr/bin/env node
/**
 * Load of the reference server as a cluster (not a test; not part of `npm test`).
 *
 *   node bench/cluster-load/run.mjs [--connections 300] [--seconds 5] [--runs 3]
 *                                   [--instances 3] [--json] [--out file]
 *
 * Builds nothing: run `npm run build:server` first. Needs Debian's redis-server (PATH or
 * REDIS_SERVER). Each run measures two set-ups back to back on the same machine:
 *
 * - `memory`: one instance, in memory (the default server);
 * - `cluster`: `--instances` instances (child processes of the real CLI, `--redis`)
 *   sharing one redis-server (no persistence, loopback).
 *
 * N `ws` clients (each its own user) join `feed:updates`, spread round-robin over the
 * instances. For `--seconds` the bench publishes `feed_update` events through the control
 * API (`POST /api/v1/control/publish`), round-robin over the instances, 16 requests in flight,
 * as fast as the servers answer; it counts the frames the clients receive in that window
 * (deliveries/s), then waits for the backlog and counts lost ones. Medians over `--runs`
 * with min–max. Everything stays on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { median, positiveInt } from '../support/stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'projects/reference-server/bin/ngx-realtime-server.js');
const { signToken } = require('../../projects/reference-server/dist/index.js');

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    instances: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const CONNECTIONS = positiveInt(args.connections, 'connections');
const SECONDS = positiveInt(args.seconds, 'seconds');
const RUNS = positiveInt(args.runs, 'runs');
const INSTANCES = positiveInt(args.instances, 'instances');
const SECRET = 'bench-secret';
const CHANNEL = 'feed:updates';
const IN_FLIGHT = 16;
const DRAIN_TIMEOUT_MS = 15_000;

const WATCHDOG_MS = RUNS * 2 * (SECONDS * 1000 + DRAIN_TIMEOUT_MS + 60_000) + 30_000;
setTimeout(() => {
  console.error(`bench: watchdog fired after ${WATCHDOG_MS} ms, giving up`);
  process.exit(2);
}, WATCHDOG_MS).unref();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function redisBinary() {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  const candidates = process.env.REDIS_SERVER
    ? [process.env.REDIS_SERVER]
    : dirs.filter(Boolean).map((dir) => join(dir, 'redis-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  console.error('bench: redis-server is not installed (apt-get install redis-server)');
  process.exit(2);
}

/** A child process that prints `ready` on its output; resolves once it did. */
function startChild(command, argv, ready, env = process.env) {
  const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not start:\n${output}`)),
      20_000,
    );
    const onData = (chunk) => {
      output += String(chunk);
      const match = ready(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}:\n${output}`)));
  });
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
}

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ngx-rt-bench-redis-'));
  const argv = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const { child } = await startChild(redisBinary(), [...argv, '--dir', dir], (text) =>
    text.includes('Ready to accept connections') ? true : null,
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startInstance(redisUrl) {
  const argv = [BIN, '--port', '0', '--secret', SECRET, '--control'];
  if (redisUrl !== undefined) argv.push('--redis', redisUrl);
  const { child, match } = await startChild(process.execPath, argv, (text) => {
    const found = /"event":"server.start","url":"ws:\/\/127\.0\.0\.1:(\d+)/.exec(text);
    return found === null ? null : Number(found[1]);
  });
  return { child, port: match };
}

/** Opens `count` clients spread over `ports`, each joined to the channel. */
async function openClients(ports, count, counter) {
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const port = ports[i % ports.length];
    const token = signToken(`bench-${i}`, SECRET, 3_600);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    let joined = false;
    socket.on('message', (data) => {
      const text = String(data);
      if (text.includes('"type":"feed_update"')) counter.received++;
      else if (text.includes('"ack_id":"join"')) joined = true;
    });
    socket.send(
      JSON.stringify({
        id: `j${i}`,
        type: 'subscribe',
        ack_id: 'join',
        payload: { channel: CHANNEL },
      }),
    );
    await waitUntil(() => joined, 'a join', 10_000);
    sockets.push(socket);
  }
  return sockets;
}

/** Publishes for `seconds` with IN_FLIGHT requests at once; returns how many were published. */
async function publishFor(ports, seconds) {
  const end = Date.now() + seconds * 1000;
  let published = 0;
  let next = 0;
  const body = JSON.stringify({
    type: 'feed_update',
    channel: CHANNEL,
    payload: { type: 'new_post', post_id: 'p', user_id: 'bench', username: 'bench' },
  });
  const worker = async () => {
    while (Date.now() < end) {
      const port = ports[next++ % ports.length];
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/control/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (!response.ok) throw new Error(`publish answered ${response.status}`);
      await response.arrayBuffer();
      published++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return published;
}

/** One set-up: instances up, clients joined, a publishing window, the drain. */
async function measure(setup) {
  const redis = setup === 'cluster' ? await startRedis() : null;
  const count = setup === 'cluster' ? INSTANCES : 1;
  const instances = [];
  try {
    for (let i = 0; i < count; i++) instances.push(await startInstance(redis?.url));
    const ports = instances.map((instance) => instance.port);
    const counter = { received: 0 };
    const sockets = await openClients(ports, CONNECTIONS, counter);
    // Memberships reach every instance through Redis: give them a moment to propagate.
    await sleep(200);
    const started = performance.now();
    const published = await publishFor(ports, SECONDS);
    const window = (performance.now() - started) / 1000;
    const inWindow = counter.received;
    const expected = published * CONNECTIONS;
    await waitUntil(() => counter.received >= expected, 'the backlog', DRAIN_TIMEOUT_MS).catch(
      () => undefined,
    );
    for (const socket of sockets) socket.terminate();
    return {
      deliveriesPerSecond: Math.round(inWindow / window),
      publishesPerSecond: Math.round(published / window),
      lost: Math.max(0, expected - counter.received),
    };
  } finally {
    for (const instance of instances) await stopChild(instance.child);
    await redis?.stop();
  }
}

const samples = { memory: [], cluster: [] };
for (let run = 1; run <= RUNS; run++) {
  for (const setup of ['memory', 'cluster']) {
    const result = await measure(setup);
    samples[setup].push(result);
    console.log(
      `run ${run} ${setup}: ${result.deliveriesPerSecond} deliveries/s, ` +
        `${result.publishesPerSecond} publishes/s, lost ${result.lost}`,
    );
  }
}

const row = (setup, label) => {
  const values = samples[setup].map((sample) => sample.deliveriesPerSecond);
  return {
    name: label,
    deliveriesPerSecond: Math.round(median(values)),
    publishesPerSecond: Math.round(
      median(samples[setup].map((sample) => sample.publishesPerSecond)),
    ),
    lost: samples[setup].reduce((sum, sample) => sum + sample.lost, 0),
    min: Math.min(...values),
    max: Math.max(...values),
  };
};
const rows = [
  row('memory', '1 instance, in memory'),
  row('cluster', `${INSTANCES} instances + Redis`),
];
const lost = rows.reduce((sum, r) => sum + r.lost, 0);
const report = {
  benchmark: 'cluster-load',
  date: today(),
  machine: machine(),
  settings: { connections: CONNECTIONS, seconds: SECONDS, runs: RUNS, instances: INSTANCES },
  rows,
  targets: [
    { name: 'cluster lost deliveries', target: '0 lost', value: lost, met: lost === 0 },
    {
      name: 'cluster deliveries/s',
      target: 'measured (no target in issue 9)',
      value: rows[1].deliveriesPerSecond,
      met: true,
    },
  ],
};
for (const r of rows) {
  console.log(
    `${r.name}: ${r.deliveriesPerSecond} deliveries/s (min ${r.min}, max ${r.max}), lost ${r.lost}`,
  );
}
emitResults(report, { print: args.json, out: args.out });
process.exit(0);
