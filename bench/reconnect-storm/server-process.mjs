/**
 * The server side of the reconnect-storm benchmark, run by `run.mjs` as a child process (its
 * own core): the built reference server, restarted on command the way a deploy restarts it.
 *
 * Messages from the parent, each answered with `{ id, ... }`:
 * - `{ id, cmd: 'connections' }` → `{ connections }` (open sockets);
 * - `{ id, cmd: 'restart', downtimeMs }` → stops the server as SIGTERM does (every socket
 *   closed with 1001, the listener closed, so new connections are refused), waits
 *   `downtimeMs`, then starts a fresh server (new memory, new epoch) on the same port;
 *   answers `{ downAt, upAt }` (wall-clock ms, comparable across processes);
 * - `{ id, cmd: 'stop' }` → `{}`, then the process exits.
 * On start it sends `{ type: 'ready', url, port }`.
 */
import { createRequire } from 'node:module';
import { countOpenConnections, serveCommands } from '../support/server-process.mjs';

const require = createRequire(import.meta.url);
const {
  createReferenceServer,
  silentLogger,
} = require('../../projects/reference-server/dist/index.js');

const SECRET = process.env.BENCH_SECRET ?? 'storm-secret';
/** Wall clock in ms with sub-ms precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every client is its own user, so the per-user connection limit (10) never trips; the
 * per-socket frame limit (100/s) is far above what a reconnect sends (join, catch-up).
 */
const create = (port) => createReferenceServer({ port, secret: SECRET, logger: silentLogger });

let server = create(0);

async function restart(downtimeMs) {
  const port = server.port;
  const downAt = now();
  await server.stop();
  await sleep(Math.max(0, downtimeMs - (now() - downAt)));
  server = create(port);
  await server.start();
  return { downAt, upAt: now() };
}

await serveCommands(
  () => server,
  {
    connections: () => ({ connections: countOpenConnections(server) }),
    restart: ({ downtimeMs }) => restart(downtimeMs),
  },
  (started) => ({ port: started.port }),
);
