/**
 * The answering side of the ack round-trip benchmark, run by `run.mjs` as a child process so
 * the client has the parent process (and one core) to itself.
 *
 * - A plain `ws` server (no compression): every JSON frame is answered at once with a
 *   SocialHub `ack` frame `{id, type: 'ack', payload: {ack_id, status: 'success'}, timestamp}`
 *   whose `ack_id` is the frame's `ack_id` (the engine's `sendWithAck`) or, failing that, its
 *   `id` (the raw `ws` request/reply client). Both clients get the same reply for the same work.
 * - A socket.io server (websocket transport only, no compression): a `message` event is
 *   acknowledged with `{ status: 'success' }` (`emitWithAck` on the client).
 *
 * On start it sends `{ type: 'ready', wsUrl, socketIoUrl }`.
 */
import { createServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';

const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    const ackId = typeof frame.ack_id === 'string' ? frame.ack_id : frame.id;
    if (typeof ackId !== 'string') return;
    socket.send(
      JSON.stringify({
        id: `ack-${ackId}`,
        type: 'ack',
        payload: { ack_id: ackId, status: 'success' },
        timestamp: new Date().toISOString(),
      }),
    );
  });
});

const ioHttpServer = createServer();
const io = new SocketIoServer(ioHttpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
});
io.on('connection', (socket) => {
  socket.on('message', (_payload, ack) => {
    if (typeof ack === 'function') ack({ status: 'success' });
  });
});

const listen = (server) =>
  new Promise((done) => server.listen(0, '127.0.0.1', () => done(server.address().port)));
const [wsPort, ioPort] = await Promise.all([listen(httpServer), listen(ioHttpServer)]);

// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({
  type: 'ready',
  wsUrl: `ws://127.0.0.1:${wsPort}/ws`,
  socketIoUrl: `http://127.0.0.1:${ioPort}`,
});
