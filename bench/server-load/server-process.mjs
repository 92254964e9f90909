/**
 * The server side of the load benchmark, run by `run.mjs` as a child process (its own core):
 * the built reference server plus a paced publisher, driven over IPC.
 *
 * Messages from the parent:
 * - `{ cmd: 'memory' }` → `{ type: 'memory', rss, heapUsed, connections }` (after a GC);
 * - `{ cmd: 'publish', rate, seconds }` → publishes `rate` events per second on
 *   `feed:updates` for `seconds`, then `{ type: 'published', count, startedAt, endedAt, cpuMs, ... }`;
 * - `{ cmd: 'stop' }` → stops the server and exits.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  createReferenceServer,
  silentLogger,
} = require('../../projects/reference-server/dist/index.js');

const CHANNEL = 'feed:updates';
/** Pacing tick of the publisher. */
const TICK_MS = 5;

const secret = process.env.BENCH_SECRET ?? 'bench-secret';
const server = createReferenceServer({
  port: 0,
  secret,
  logger: silentLogger,
  // Every connection is its own user; nothing here should trip the per-user limits.
  maxConnectionsPerUser: 10,
});

/** Wall clock in ms with sub-ms precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

function send(message) {
  process.send?.(message);
}

function countConnections() {
  let count = 0;
  for (const connection of server.hub.connections()) if (connection.open) count++;
  return count;
}

function memory() {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return {
    type: 'memory',
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    connections: countConnections(),
  };
}

/** Publishes at `rate` per second for `seconds`, paced by a due count (no drift, no burst catch-up beyond one tick). */
async function publish(rate, seconds, step) {
  const cpuBefore = process.cpuUsage();
  const startedAt = now();
  const deadline = startedAt + seconds * 1000;
  let count = 0;
  let maxLagMs = 0;
  while (now() < deadline) {
    // One event at the start of every 1/rate interval: exactly rate × seconds in the window.
    const due = Math.min(
      Math.floor(((now() - startedAt) / 1000) * rate) + 1,
      Math.round(rate * seconds),
    );
    while (count < due) {
      server.hub.publish(CHANNEL, 'feed_update', {
        type: 'new_post',
        post_id: `s${step}-${count}`,
        sent_at: now(),
      });
      count++;
    }
    const tickStart = now();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    maxLagMs = Math.max(maxLagMs, now() - tickStart - TICK_MS);
  }
  const endedAt = now();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type: 'published',
    count,
    startedAt,
    endedAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxLagMs,
  };
}

process.on('message', (message) => {
  switch (message.cmd) {
    case 'memory':
      send(memory());
      break;
    case 'publish':
      void publish(message.rate, message.seconds, message.step).then(send);
      break;
    case 'stop':
      void server.stop().then(() => process.exit(0));
      break;
  }
});
// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));

await server.start();
send({ ...memory(), type: 'ready', url: server.url, pid: process.pid });
