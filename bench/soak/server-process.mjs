/**
 * The server side of the memory soak, run by `run.mjs` as a child process so the soak's heap
 * figures are the client's alone (the server's bounded per-user caches fill up during the
 * first phase and would otherwise be counted).
 *
 * Messages from the parent, each answered with `{ id, ... }`:
 * - `{ id, cmd: 'state', userId, channel }` → `{ liveSockets, joined }`;
 * - `{ id, cmd: 'stop' }` → `{}`, then the process exits.
 * On start it sends `{ type: 'ready', url, token }`.
 */
import { createRequire } from 'node:module';
import { serveCommands } from '../support/server-process.mjs';

const require = createRequire(import.meta.url);
const {
  createReferenceServer,
  silentLogger,
} = require('../../projects/reference-server/dist/index.js');

// The server's 100-frames-per-second limit would throttle the cycles, and its 3-s offline
// debounce would keep each closed connection's state alive for the whole run.
const server = createReferenceServer({
  port: 0,
  secret: 'soak',
  logger: silentLogger,
  maxMessagesPerSecond: 50_000,
  presenceOfflineDelayMs: 1,
});

await serveCommands(
  () => server,
  {
    state: ({ userId, channel }) => {
      const session = server.hub.session(userId);
      return { liveSockets: session.connections.size, joined: session.channels.has(channel) };
    },
  },
  (started) => ({ token: started.issueToken('soak-user') }),
);
