/**
 * The server side of the memory benchmark, run by `run.mjs` as a child process so the heap
 * figures are the client's alone.
 *
 * Messages from the parent, each answered with `{ id, ... }`:
 * - `{ id, cmd: 'state', userId, prefix }` → `{ connections, joined }`: open sockets of the
 *   server, and how many channels starting with `prefix` the user has joined;
 * - `{ id, cmd: 'stop' }` → `{}`, then the process exits.
 * On start it sends `{ type: 'ready', url }`.
 */
import { createRequire } from 'node:module';
import { countOpenConnections, serveCommands } from '../support/server-process.mjs';

const require = createRequire(import.meta.url);
const {
  createReferenceServer,
  silentLogger,
} = require('../../projects/reference-server/dist/index.js');

// One client joins hundreds of channels in a burst: the 100-frames-per-second limit would
// close its socket. Every other client is its own user.
const server = createReferenceServer({
  port: 0,
  secret: process.env.BENCH_SECRET ?? 'memory-secret',
  logger: silentLogger,
  maxMessagesPerSecond: 1_000_000,
  presenceOfflineDelayMs: 1,
});

await serveCommands(() => server, {
  state: ({ userId, prefix }) => {
    let joined = 0;
    for (const channel of server.hub.session(userId).channels)
      if (channel.startsWith(prefix)) joined++;
    return { connections: countOpenConnections(server), joined };
  },
});
