#!/usr/bin/env node
/**
 * The reference server plus a live console client (`npm start` runs the demo app instead).
 *
 * It starts the reference server (dev mode, simulator and control API on) on 127.0.0.1 and
 * drives the library's framework-free engine (`RealtimeClient` from `ngx-realtime/core`)
 * against it the way an app would: connect with a token from the dev-token endpoint, join a
 * channel, receive events, send with an acknowledgement. Every few seconds the server kills
 * every connection so you can watch the reconnect with backoff, the resubscription and the
 * catch-up by sequence number. The server stays reachable for your own clients meanwhile.
 *
 * `--smoke` runs the scenario once, fast, and exits 0 when every step was observed and
 * nothing was lost or duplicated (used by `npm test`). `--port N` picks the port (default
 * 8082; the smoke run picks a free one).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : smoke ? 0 : 8082;

// The engine entry point loads no Angular; the server is the compiled reference server.
const { RealtimeClient, webSocketFactory } = await import(
  pathToFileURL(join(ROOT, 'dist', 'ngx-realtime', 'fesm2022', 'ngx-realtime-core.mjs')).href
);
const { createReferenceServer, jsonLogger, silentLogger } = createRequire(import.meta.url)(
  join(ROOT, 'projects', 'reference-server', 'dist', 'index.js'),
);

const server = createReferenceServer({
  port,
  secret: process.env.NGX_REALTIME_SECRET ?? 'local-dev-secret',
  dev: true,
  simulate: !smoke,
  control: true,
  logger: smoke ? silentLogger : jsonLogger(),
});
await server.start();

// Like a browser app: ask the dev-token endpoint for a token.
async function devToken(userId) {
  const response = await fetch(`${server.httpUrl}/api/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_id: userId }),
  });
  if (!response.ok) throw new Error(`dev-token failed with HTTP ${response.status}`);
  return (await response.json()).token;
}

const client = new RealtimeClient({
  url: server.url,
  token: () => devToken('demo'),
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
client.recovery$.subscribe((event) =>
  say(`catch-up after reconnect: ${event.verdict}` + (event.recovered ? '' : ` (${event.reason})`)),
);
client.channel('feed:updates').subscribe((event) => {
  if (event.type !== 'feed_update') return;
  // A duplicate delivery would be an error: the engine deduplicates by id and sequence.
  const postId = event.payload.post_id;
  if (seen.events.has(postId)) seen.errors.push(new Error(`duplicate ${postId}`));
  seen.events.set(postId, event.seq);
  say(`feed:updates #${event.seq}: ${event.payload.username ?? 'someone'} posted ${postId}`);
});
client.events('notification').subscribe((event) => say(`notification: ${event.payload.message}`));

client.connect();
let posts = 0;
/** True once a socket of the example user has joined the feed: publishing earlier races it. */
const joinedFeed = () =>
  [...server.hub.connections()].some((connection) => connection.subscriptions.has('feed:updates'));
const publisher = setInterval(
  () => {
    if (posts === 0 && !joinedFeed()) return;
    posts++;
    server.hub.publish('feed:updates', 'feed_update', {
      type: 'new_post',
      post_id: `post_${posts}`,
      user_id: 'jane',
      username: 'jane',
      action: 'created',
      created_at: new Date().toISOString(),
    });
  },
  smoke ? 50 : 2000,
);

const killer = setInterval(
  () => {
    say('server: killing every connection (no close frame)');
    for (const connection of [...server.hub.connections()]) connection.terminate();
  },
  smoke ? 400 : 15000,
);

const sender = setInterval(
  () => {
    client
      .sendWithAck({ type: 'heartbeat', payload: { timestamp: new Date().toISOString() } })
      .subscribe({
        next: () => (seen.acked = true),
        error: (error) => say(`acknowledged send failed: ${error.code}`),
      });
  },
  smoke ? 150 : 5000,
);

async function shutdown(code) {
  clearInterval(publisher);
  clearInterval(killer);
  clearInterval(sender);
  client.destroy();
  await server.stop();
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
  say(`reference server on ${server.url} (dev mode, simulator and control API on)`);
  say(`get a token: curl -X POST ${server.httpUrl}/api/v1/auth/dev-token -d '{"user_id":"me"}'`);
  say('the example client below reconnects every 15 s on purpose — Ctrl+C to stop');
}
