/**
 * The sending side of the change-detection benchmark, run by `run.mjs` as a child process so
 * the flood keeps its pace whatever the browser and the runner are doing.
 *
 * A plain `ws` server on 127.0.0.1 that speaks enough SocialHub for the library and for the
 * naive baseline: a `connect` greeting on every socket (user `me`), an `ack` for every frame
 * carrying an `ack_id`, and a report to the parent once a socket has subscribed to the three
 * channels the page shows (`notifications`, `feed:updates`, `conversation:c1`).
 *
 * IPC from the parent: `{ type: 'flood', rate, seconds }` sends `rate × seconds` events to the
 * subscribed socket at a steady pace (a batch every BATCH_MS, sized so the total sent so far
 * follows `rate × elapsed`), then answers `{ type: 'flooded', sent, ms, expected }`, where
 * `expected` is the final state a correct page shows (see messages.mjs).
 *
 * On start it sends `{ type: 'ready', wsUrl }`.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { CHANNELS, encodeFlood, GREETING } from './messages.mjs';

/** How often a batch goes out: 10,000 events/s become batches of about 40. */
const BATCH_MS = 4;

const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
/** The socket that subscribed to every channel last (the page under test). */
let target = null;

wss.on('connection', (socket) => {
  const joined = new Set();
  socket.on('error', () => undefined);
  socket.send(GREETING());
  socket.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof frame.ack_id === 'string') {
      const channel = frame.payload?.channel;
      socket.send(
        JSON.stringify({
          id: `ack-${frame.ack_id}`,
          type: 'ack',
          payload: {
            ack_id: frame.ack_id,
            status: 'success',
            data: typeof channel === 'string' ? { channel } : {},
          },
          timestamp: new Date().toISOString(),
        }),
      );
    }
    if (frame.type !== 'subscribe' || typeof frame.payload?.channel !== 'string') return;
    joined.add(frame.payload.channel);
    if (CHANNELS.every((channel) => joined.has(channel)) && target !== socket) {
      target = socket;
      process.send?.({ type: 'subscribed' });
    }
  });
  socket.on('close', () => {
    if (target === socket) target = null;
  });
});

/** Sends `texts` at `rate` per second in batches; resolves with the time it took. */
function flood(socket, texts, rate) {
  return new Promise((done) => {
    const start = performance.now();
    let next = 0;
    const batch = () => {
      const due = Math.min(texts.length, Math.floor(((performance.now() - start) * rate) / 1000));
      while (next < due && socket.readyState === socket.OPEN) socket.send(texts[next++]);
      if (next >= texts.length || socket.readyState !== socket.OPEN) {
        clearInterval(timer);
        done({ sent: next, ms: performance.now() - start });
      }
    };
    const timer = setInterval(batch, BATCH_MS);
  });
}

process.on('message', async (command) => {
  if (command?.type !== 'flood') return;
  if (target === null) {
    process.send?.({ type: 'error', message: 'no subscribed page to flood' });
    return;
  }
  const { texts, expected } = encodeFlood(Math.round(command.rate * command.seconds));
  const { sent, ms } = await flood(target, texts, command.rate);
  process.send?.({ type: 'flooded', sent, ms, expected });
});

await new Promise((done) => httpServer.listen(0, '127.0.0.1', done));
// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', wsUrl: `ws://127.0.0.1:${httpServer.address().port}/ws` });
