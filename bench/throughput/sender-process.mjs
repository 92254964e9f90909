/**
 * The sending side of the throughput benchmark, run by `run.mjs` as a child process so the
 * receiving clients have the parent process (and one core) to themselves.
 *
 * Two servers on 127.0.0.1, both started at once:
 * - a plain `ws` server (no compression) for the engine, raw `ws`, rxjs `webSocket` and
 *   reconnecting-websocket. It acks every frame that carries an `ack_id` with a SocialHub
 *   `ack` frame and, once a connection has subscribed to all channels (SocialHub
 *   `{type: 'subscribe', payload: {channel}}` frames), blasts the pre-encoded messages;
 * - a socket.io server (websocket transport only, no compression): a `subscribe` event joins
 *   the room of a channel (and is acknowledged); once all channels are joined, the same
 *   messages go out as socket.io events named after their channel.
 *
 * The messages (SocialHub envelopes with `id`, `seq`, `channel` and a `feed_update`
 * payload, ~150 bytes, spread round-robin over the channels) are encoded once at start-up,
 * already wrapped in WebSocket frames and packed into chunks that end on a frame boundary.
 * A blast writes those chunks to the connection's TCP socket (`req.socket`, which the
 * server's own frames also go through, so a ping or ack can only fall between two whole
 * frames), honouring back-pressure. Encoding and framing 200,000 messages per run would
 * otherwise make the sender the bottleneck, and the point is to measure the receivers.
 *
 * argv: `--messages N --channels C`. On start it sends
 * `{ type: 'ready', wsUrl, socketIoUrl, frameBytes, socketIoFrameBytes }`.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { channelName, encodeMessages } from './messages.mjs';

const { values } = parseArgs({
  options: { messages: { type: 'string' }, channels: { type: 'string' } },
});
const MESSAGES = Number(values.messages);
const CHANNELS = Number(values.channels);
/** Target size of one chunk written to the socket. */
const CHUNK_BYTES = 64 * 1024;

/** A server-to-client (unmasked) text frame carrying `text`. */
function textFrame(text) {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  let header;
  if (length < 126) header = Buffer.from([0x81, length]);
  else if (length < 65536) header = Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  else throw new Error('message too large for this sender');
  return Buffer.concat([header, payload]);
}

/** Frames of `texts`, packed into chunks of about CHUNK_BYTES that end on frame boundaries. */
function pack(texts) {
  const chunks = [];
  let pending = [];
  let size = 0;
  for (const text of texts) {
    const frame = textFrame(text);
    pending.push(frame);
    size += frame.length;
    if (size >= CHUNK_BYTES) {
      chunks.push(Buffer.concat(pending));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) chunks.push(Buffer.concat(pending));
  return chunks;
}

const messages = encodeMessages(MESSAGES, CHANNELS);
const socialHubChunks = pack(messages);
const socketIoChunks = pack(
  messages.map((text, index) => `42["${channelName(index % CHANNELS)}",${text}]`),
);
const bytesOf = (chunks) => chunks.reduce((sum, chunk) => sum + chunk.length, 0);

/** Writes every chunk to `socket`, waiting for `drain` whenever the kernel buffer is full. */
function blast(socket, chunks) {
  let next = 0;
  const writeSome = () => {
    while (next < chunks.length && !socket.destroyed) {
      if (!socket.write(chunks[next++])) {
        socket.once('drain', writeSome);
        return;
      }
    }
  };
  writeSome();
}

// ---- plain ws ---------------------------------------------------------------------------------
const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
wss.on('connection', (socket, req) => {
  const joined = new Set();
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof frame.ack_id === 'string') {
      socket.send(
        JSON.stringify({
          id: `ack-${frame.ack_id}`,
          type: 'ack',
          payload: { ack_id: frame.ack_id, status: 'success' },
          timestamp: new Date().toISOString(),
        }),
      );
    }
    if (frame.type !== 'subscribe' || joined.size === CHANNELS) return;
    joined.add(frame.payload?.channel);
    if (joined.size === CHANNELS) blast(req.socket, socialHubChunks);
  });
});

// ---- socket.io --------------------------------------------------------------------------------
const ioHttpServer = createServer();
const io = new SocketIoServer(ioHttpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
});
io.on('connection', (socket) => {
  const joined = new Set();
  socket.on('subscribe', (channel, ack) => {
    if (joined.size === CHANNELS) return;
    socket.join(channel);
    joined.add(channel);
    if (typeof ack === 'function') ack({ status: 'success' });
    // The handshake request of a websocket-only connection is the upgrade request: its
    // socket is the TCP connection the events travel on.
    if (joined.size === CHANNELS) blast(socket.request.socket, socketIoChunks);
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
  frameBytes: bytesOf(socialHubChunks) / MESSAGES,
  socketIoFrameBytes: bytesOf(socketIoChunks) / MESSAGES,
  messageBytes: messages.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / MESSAGES,
});
