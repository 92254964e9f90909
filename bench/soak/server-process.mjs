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

process.on('message', (message) => {
  switch (message.cmd) {
    case 'state': {
      const session = server.hub.session(message.userId);
      process.send?.({
        id: message.id,
        liveSockets: session.connections.size,
        joined: session.channels.has(message.channel),
      });
      break;
    }
    case 'stop':
      void server.stop().then(() => {
        process.send?.({ id: message.id }, () => process.exit(0));
      });
      break;
  }
});
// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));

await server.start();
process.send?.({ type: 'ready', url: server.url, token: server.issueToken('soak-user') });
