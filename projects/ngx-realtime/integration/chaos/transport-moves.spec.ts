/**
 * @jest-environment node
 */
/*
 * Chaos scenario 4 — WebSocket → long polling → WebSocket, mid-stream. Events stream on
 * several channels without pause while the server starts refusing WebSocket upgrades (503)
 * and drops the socket: the client spends its reconnect budget, falls back to HTTP long
 * polling and keeps probing the WebSocket in the background; then upgrades are allowed again
 * and the socket takes over. Meanwhile the app sends acknowledged messages one after the
 * other (over the socket, or `POST /api/v1/realtime/send` while polling).
 *
 * Checked across every move: each event delivered once, in per-channel order, nothing lost;
 * each sent message applied once, in the order sent; events really arrived over both
 * transports.
 */
import type { RealtimeMessage } from 'ngx-realtime/core';
import {
  audit,
  chaosSeed,
  ChaosClient,
  conversationChannels,
  joinedAll,
  numbersOf,
  openConnections,
  publishNumbered,
  report,
  SCENARIO_TIMEOUT_MS,
  seededRandom,
  sized,
  sleep,
  startServer,
  stopServer,
  totals,
  waitFor,
  type ReferenceServer,
} from './support';
import { longPolling } from '../../core/src/lib/transport/long-polling';

/** WebSocket → polling → WebSocket round trips. */
const ROUND_TRIPS = sized(2, 5);
const CHANNELS = sized(3, 10);
/** Events delivered over each transport in each phase, at least. */
const EVENTS_PER_PHASE = sized(100, 1_000);
/** Upper bound of events published (the stream stops there whatever happens). */
const MAX_EVENTS = 100_000;
/** Acknowledged sends started over each transport in each phase, at least. */
const SENDS_PER_PHASE = sized(3, 10);
const CONVERSATION = 'moves';

describe('chaos 4: WebSocket → polling → WebSocket mid-stream', () => {
  let server: ReferenceServer;
  let chaos: ChaosClient;

  beforeEach(async () => {
    server = await startServer({ conversations: { [CONVERSATION]: ['alice', 'bob'] } });
  });

  afterEach(async () => {
    chaos.destroy();
    await stopServer(server);
  });

  it(
    'keeps order and exactly-once for events and acknowledged sends across both moves',
    async () => {
      const seed = chaosSeed();
      const random = seededRandom(seed);
      chaos = new ChaosClient(server, {
        userId: 'alice',
        options: {
          random,
          reconnect: { initialDelayMs: 10, maxDelayMs: 100, maxAttempts: 3 },
          ackTimeoutMs: 2_000,
          polling: longPolling({
            mode: 'fallback',
            minIntervalMs: 10,
            timeoutSeconds: 1,
            sendUrl: `${server.httpUrl}/api/v1/realtime/send`,
          }),
        },
      });
      const client = chaos.client;
      const channels = conversationChannels('moves', CHANNELS);
      const inbox = new Map<string, RealtimeMessage[]>();
      const over = { websocket: 0, polling: 0 };
      for (const channel of channels) {
        const events: RealtimeMessage[] = [];
        inbox.set(channel, events);
        client.channel(channel).subscribe((event) => {
          events.push(event);
          const transport = client.stats.transport;
          if (transport !== null) over[transport]++;
        });
      }
      const expected = new Map<string, number[]>(channels.map((channel) => [channel, []]));
      client.connect();
      await waitFor(() => joinedAll(server, 'alice', channels), 'every channel joined');

      // The event stream: never paused by the phases below.
      let streaming = true;
      let published = 0;
      const stream = (async () => {
        for (; streaming && published < MAX_EVENTS; published++) {
          const channel = channels[Math.floor(random() * channels.length)];
          const list = expected.get(channel) ?? [];
          list.push(list.length + 1);
          publishNumbered(server, channel, list.length);
          if (published % 4 === 0) await sleep(1);
        }
      })();

      // Acknowledged sends, one after the other, retried with the same id after a timeout.
      const sent: string[] = [];
      const sendFailures: string[] = [];
      let sendRetries = 0;
      const sendsOver = { websocket: 0, polling: 0 };
      const sender = (async () => {
        for (let i = 0; streaming && i < MAX_EVENTS; i++) {
          const id = `mv-${i}`;
          const transport = client.stats.transport;
          for (let attempt = 1; ; attempt++) {
            const outcome = await new Promise<string>((resolve) =>
              client
                .sendWithAck({
                  id,
                  type: 'send_message',
                  payload: { conversation_id: CONVERSATION, content: id },
                })
                .subscribe({
                  complete: () => resolve('ok'),
                  error: (error: { code?: string }) => resolve(error.code ?? 'unknown'),
                }),
            );
            if (outcome === 'ok') break;
            if (outcome !== 'ack_timeout' || attempt === 10) {
              sendFailures.push(`${id}: ${outcome}`);
              break;
            }
            sendRetries++;
          }
          sent.push(id);
          if (transport !== null) sendsOver[transport]++;
          await sleep(2);
        }
      })();

      const moves: string[] = [];
      /** After each move: how many sockets and requests were alive besides the carrier. */
      const extraTransports: string[] = [];
      /** Exactly one transport carries the link: one open socket and no poll, or the reverse. */
      const checkOneTransport = async (transport: 'websocket' | 'polling'): Promise<void> => {
        if (transport === 'websocket') {
          // The poll in flight is aborted when the socket takes over; let its promise settle.
          await waitFor(() => chaos.transports().requests === 0, 'the last poll aborted', 2_000);
          const alive = chaos.transports();
          if (alive.sockets !== 1 || alive.openSockets !== 1) {
            extraTransports.push(`websocket: ${JSON.stringify(alive)}`);
          }
        } else {
          const alive = chaos.transports();
          if (alive.openSockets !== 0) extraTransports.push(`polling: ${JSON.stringify(alive)}`);
        }
        if (openConnections(server, chaos.setup.userId) > (transport === 'websocket' ? 1 : 0)) {
          extraTransports.push(
            `${transport}: server sees ${openConnections(server, chaos.setup.userId)}`,
          );
        }
      };
      /** Waits until this phase moved enough events and sends over `transport`. */
      const phase = async (transport: 'websocket' | 'polling'): Promise<void> => {
        const events = over[transport];
        const sends = sendsOver[transport];
        await waitFor(
          () =>
            over[transport] >= events + EVENTS_PER_PHASE &&
            sendsOver[transport] >= sends + SENDS_PER_PHASE,
          `traffic over ${transport}`,
          20_000,
          () => chaos.describe(),
        );
      };
      for (let trip = 0; trip < ROUND_TRIPS; trip++) {
        await phase('websocket');
        server.faults.refuseUpgrades = true;
        for (const connection of [...server.hub.connections()]) connection.terminate();
        await chaos.reach('polling');
        moves.push('websocket→polling');
        await checkOneTransport('polling');
        await phase('polling');
        server.faults.refuseUpgrades = false;
        await chaos.reach('connected');
        moves.push('polling→websocket');
        await checkOneTransport('websocket');
      }
      await phase('websocket');
      streaming = false;
      await stream;
      await sender;
      await waitFor(
        () =>
          channels.every(
            (channel) => (inbox.get(channel)?.length ?? 0) >= (expected.get(channel)?.length ?? 0),
          ),
        'every event',
        20_000,
        () => chaos.describe(),
      );

      const sum = totals(
        channels.map((channel) =>
          audit(expected.get(channel) ?? [], numbersOf(inbox.get(channel) ?? [])),
        ),
      );
      const applied = server.hub
        .session('bob')
        .log.after(0)
        .filter((event) => event.type === 'message')
        .map((event) => String((event.payload as { content?: unknown }).content));

      report('4 transport moves', {
        seed,
        moves: moves.length,
        events: sum.expected,
        delivered: sum.delivered,
        overWebSocket: over.websocket,
        overPolling: over.polling,
        lost: sum.lost,
        duplicated: sum.duplicated,
        outOfOrder: sum.outOfOrder,
        sends: sent.length,
        sendsStartedOverWebSocket: sendsOver.websocket,
        sendsStartedOverPolling: sendsOver.polling,
        sendRetries,
        sendsApplied: applied.length,
        sendsAppliedTwice: applied.length - new Set(applied).size,
        verdicts: chaos.recoveries.join(','),
        sockets: chaos.sockets,
        extraTransportsAfterAMove: extraTransports.length,
      });

      expect(moves).toHaveLength(2 * ROUND_TRIPS);
      expect(extraTransports).toEqual([]);
      expect(sum).toEqual({ ...sum, lost: 0, duplicated: 0, outOfOrder: 0, unexpected: 0 });
      expect(sum.delivered).toBe(published);
      expect(over.polling).toBeGreaterThanOrEqual(ROUND_TRIPS * EVENTS_PER_PHASE);
      expect(sendFailures).toEqual([]);
      // Every message applied once, in the order sent.
      expect(applied).toEqual(sent);
      expect(sendsOver.polling).toBeGreaterThanOrEqual(ROUND_TRIPS * SENDS_PER_PHASE);
      expect(client.status).toBe('connected');
      expect(client.stats.pendingAcks).toBe(0);
      expect(client.stats.outboxDepth).toBe(0);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
