#!/usr/bin/env node
/**
 * `npm start` (until the demo app exists): a small live example over real sockets.
 *
 * It starts a tiny SocialHub-speaking WebSocket server on 127.0.0.1 (the `ws` package), then
 * drives the library's framework-free engine (`RealtimeClient`, from the built package) the
 * way an app would: connect with a token, join a channel, receive events, send with an
 * acknowledgement, queue while offline. Every few seconds the server kills the connection so
 * you can watch the reconnect with backoff, the resubscription and the catch-up by sequence.
 *
 * `--smoke` runs the scenario once and exits 0 when every step was observed (used by `npm test`).
 * `--port N` picks the port (default 8082).
 */
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer, WebSocket } from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const port = Number(args[args.indexOf('--port') + 1]) || (smoke ? 0 : 8082);

// `ngx-realtime/core` is the framework-free engine: no Angular is loaded here.
const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);

// ---- a minimal SocialHub server: enough protocol for the example, not the reference server ----

const log = []; // per-user event log: { seq, frame }
let seq = 0;
const sockets = new Set();

function envelope(type, payload, channel) {
  return { id: randomUUID(), type, payload, channel, timestamp: new Date().toISOString() };
}

function publish(type, payload, channel) {
  const frame = { ...envelope(type, payload, channel), seq: ++seq };
  log.push(frame);
  for (const socket of sockets) {
    if (socket.channels.has(channel)) socket.send(JSON.stringify(frame));
  }
}

const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws' });
server.on('connection', (socket, request) => {
  const token = new URL(request.url, 'http://localhost').searchParams.get('token');
  if (token !== 'demo-token') {
    socket.close(4401, 'INVALID_TOKEN');
    return;
  }
  socket.channels = new Set(['notifications']);
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    const ack = (result) => {
      if (frame.ack_id) {
        socket.send(
          JSON.stringify(
            envelope('ack', { ack_id: frame.ack_id, status: 'success', data: result }),
          ),
        );
      }
    };
    switch (frame.type) {
      case 'subscribe':
        socket.channels.add(frame.payload.channel);
        return ack();
      case 'unsubscribe':
        socket.channels.delete(frame.payload.channel);
        return ack();
      case 'heartbeat':
        return ack();
      case 'get_missed_messages':
        return ack({
          messages: log.filter((event) => event.seq > frame.payload.last_sequence),
          complete: true,
        });
      default:
        return ack({ received: frame.type, at: new Date().toISOString() });
    }
  });
});
await new Promise((ready) => server.on('listening', ready));
const url = `ws://127.0.0.1:${server.address().port}/ws`;

// ---- the app side: what a component or service would do ----

const client = new RealtimeClient({
  url,
  token: () => 'demo-token',
  webSocket: webSocketFactory(WebSocket),
  reconnect: { initialDelayMs: 200, maxDelayMs: 2000 },
  heartbeat: { intervalMs: 5000 },
  lifecycle: null,
});

const seen = { connected: 0, events: new Map(), acked: false, reconnected: false, errors: [] };
const say = (line) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

client.status$.subscribe((status) => {
  say(`status: ${status}`);
  if (status === 'connected' && ++seen.connected > 1) seen.reconnected = true;
});
client.errors$.subscribe((error) => {
  seen.errors.push(error);
  say(`error: ${error.code}: ${error.message}`);
});
client.recovery$.subscribe((verdict) => say(`catch-up after reconnect: ${verdict}`));
client.channel('feed:updates').subscribe((event) => {
  // A duplicate delivery would be an error: the engine deduplicates by id and sequence.
  if (seen.events.has(event.payload.post_id))
    seen.errors.push(new Error(`duplicate ${event.payload.post_id}`));
  seen.events.set(event.payload.post_id, event.seq);
  say(`feed:updates #${event.seq}: ${event.payload.username} posted ${event.payload.post_id}`);
});

client.connect();
let posts = 0;
const publisher = setInterval(
  () => {
    posts++;
    publish(
      'feed_update',
      { type: 'new_post', post_id: `post_${posts}`, username: 'jane' },
      'feed:updates',
    );
  },
  smoke ? 50 : 1000,
);

const killer = setInterval(
  () => {
    say('server: killing every connection (no close frame)');
    for (const socket of sockets) socket.terminate();
  },
  smoke ? 400 : 6000,
);

const sender = setInterval(
  () => {
    client
      .sendWithAck({ type: 'send_message', payload: { conversation_id: 'c1', content: 'hello' } })
      .subscribe({
        next: (data) => {
          seen.acked = true;
          say(`ack for send_message: ${JSON.stringify(data)}`);
        },
        error: (error) => say(`send_message failed: ${error.code}`),
      });
  },
  smoke ? 150 : 3000,
);

async function shutdown(code) {
  clearInterval(publisher);
  clearInterval(killer);
  clearInterval(sender);
  client.destroy();
  await new Promise((done) => server.close(done));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

if (smoke) {
  // Faults for two seconds, then quiet: everything published must arrive exactly once.
  setTimeout(() => {
    clearInterval(killer);
    clearInterval(publisher);
    const deadline = Date.now() + 10_000;
    const check = setInterval(() => {
      const complete = seen.events.size === posts && client.status === 'connected';
      if (!complete && Date.now() < deadline) return;
      clearInterval(check);
      const ok = complete && seen.reconnected && seen.acked && seen.errors.length === 0;
      say(
        `smoke: ${posts} published, ${seen.events.size} received, ` +
          `reconnected ${seen.reconnected}, acked ${seen.acked}, errors ${seen.errors.length}`,
      );
      void shutdown(ok ? 0 : 1);
    }, 50);
  }, 2000);
} else {
  say(`live example on ${url} — Ctrl+C to stop`);
}
