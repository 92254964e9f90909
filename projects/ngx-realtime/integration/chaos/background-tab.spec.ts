/**
 * @jest-environment node
 */
/*
 * Chaos scenario 7 — a background tab. Browsers run the timers of a hidden page at most once
 * a minute, while its WebSocket keeps receiving. Here the client's clock is a
 * {@link SimulatedClock} that holds every engine timer until the next 60-s boundary, and 12
 * simulated minutes pass in 5-s steps; the socket and the server are real, so frames arrive
 * as they would. The client keeps the browser defaults (heartbeat every 30 s, dead after
 * 60 s of silence, 5-s probe), which throttled timers always run late.
 *
 * Between two steps the test waits until nothing is in flight: the server received every
 * frame the client wrote, and the client every frame the server sent (counted with a spy on
 * the server's `Connection.sendControl`, through which every server frame passes). So each
 * step's traffic is handled at its own simulated time, as on a fast network.
 *
 * The server side is simulated in the same time: its heartbeat (every 30 s) during the first
 * six minutes, none after; events at random times, and a silent stretch from minute 7 to 10
 * with no server frame at all, where only the client's own (late) heartbeats and their acks
 * keep the link proven alive.
 */
import type { RealtimeMessage } from 'ngx-realtime/core';
import { Connection } from '../../../reference-server/src/ws/connection';
import {
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
  SimulatedClock,
  startServer,
  stopServer,
  waitFor,
  type ReferenceServer,
} from './support';

const MINUTE = 60_000;
const SIMULATED_MS = 12 * MINUTE;
const STEP_MS = 5_000;
const SERVER_HEARTBEAT_MS = 30_000;
/** The server's own heartbeats stop after this. */
const SERVER_HEARTBEATS_UNTIL = 6 * MINUTE;
/** No server frame at all in this window. */
const SILENCE = [7 * MINUTE, 10 * MINUTE] as const;

describe('chaos 7: background tab with throttled timers', () => {
  let server: ReferenceServer;
  let chaos: ChaosClient;

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    chaos.destroy();
    await stopServer(server);
    jest.restoreAllMocks();
  });

  it(
    'keeps the socket for 12 simulated minutes of once-a-minute timers: 0 false disconnects, 0 lost events',
    async () => {
      const seed = chaosSeed();
      const random = seededRandom(seed);
      const clock = new SimulatedClock(Date.now(), MINUTE);
      // The tab went to the background at an arbitrary point of the browser's minute.
      clock.advance(Math.floor(random() * MINUTE));
      const sentByServer = jest.spyOn(Connection.prototype, 'sendControl');
      chaos = new ChaosClient(server, {
        userId: 'alice',
        options: { clock, random, heartbeat: { intervalMs: 30_000 } },
      });
      const client = chaos.client;
      const [channel] = conversationChannels('tab', 1);
      const events: RealtimeMessage[] = chaos.listen(channel);
      const session = server.hub.session('alice');
      const quiet = () =>
        session.received.length === client.stats.framesOut &&
        client.stats.framesIn === sentByServer.mock.calls.length;
      const settle = (what: string) =>
        waitFor(
          quiet,
          what,
          5_000,
          () => `${chaos.describe()}; stats ${JSON.stringify(client.stats)}`,
        );

      client.connect();
      await chaos.reach('connected');
      await waitFor(() => joinedAll(server, 'alice', [channel]), 'the channel joined');
      await settle('the connect');
      const [connection] = [...server.hub.connections()];

      const start = clock.now();
      let published = 0;
      let serverHeartbeats = 0;
      let stepsConnected = 0;
      const steps = SIMULATED_MS / STEP_MS;
      for (let step = 0; step < steps; step++) {
        const t = step * STEP_MS;
        const silent = t >= SILENCE[0] && t < SILENCE[1];
        if (!silent && t < SERVER_HEARTBEATS_UNTIL && t % SERVER_HEARTBEAT_MS === 0) {
          const timestamp = new Date(clock.now()).toISOString();
          connection.sendControl({
            id: `hb-${t}`,
            type: 'heartbeat',
            payload: { timestamp },
            timestamp,
          });
          serverHeartbeats++;
        }
        // Now and then 1-3 events (about one every 20 s on average).
        if (!silent && random() < 0.125) {
          const burst = 1 + Math.floor(random() * 3);
          for (let i = 0; i < burst; i++) publishNumbered(server, channel, ++published);
        }
        clock.advance(STEP_MS);
        await settle(`step ${step}`);
        if (client.status === 'connected' && openConnections(server, 'alice') === 1) {
          stepsConnected++;
        }
      }

      const numbers = numbersOf(events);
      const heartbeatsSent = session.received.filter((frame) => frame.type === 'heartbeat').length;
      const offBoundary = clock.firedAt.filter((at) => (at - clock.origin) % MINUTE !== 0);
      const ticksPerMinute = new Map<number, number>();
      for (const at of clock.firedAt) {
        const minute = Math.floor((at - clock.origin) / MINUTE);
        ticksPerMinute.set(minute, (ticksPerMinute.get(minute) ?? 0) + 1);
      }
      report('7 background tab', {
        seed,
        simulatedMinutes: (clock.now() - start) / MINUTE,
        timerRuns: clock.firedAt.length,
        timerRunsOffTheMinute: offBoundary.length,
        mostTimerRunsInOneMinute: Math.max(0, ...ticksPerMinute.values()),
        clientHeartbeats: heartbeatsSent,
        serverHeartbeats,
        eventsPublished: published,
        eventsDelivered: numbers.length,
        lost: published - new Set(numbers).size,
        duplicated: numbers.length - new Set(numbers).size,
        falseDisconnects: chaos.statuses.slice(chaos.statuses.indexOf('connected') + 1).length,
        sockets: chaos.sockets,
        stepsConnected: `${stepsConnected}/${steps}`,
      });

      expect(clock.now() - start).toBe(SIMULATED_MS);
      // The throttling really applied: timers ran only on minute boundaries, and they ran.
      expect(offBoundary).toEqual([]);
      expect(clock.firedAt.length).toBeGreaterThanOrEqual(SIMULATED_MS / MINUTE - 1);
      expect(heartbeatsSent).toBeGreaterThan(0);
      // 0 false disconnects: one socket, never left `connected`, still open on the server.
      expect(chaos.statuses).toEqual(['disconnected', 'connecting', 'connected']);
      expect(stepsConnected).toBe(steps);
      expect(chaos.sockets).toBe(1);
      expect(client.stats.reconnects).toBe(0);
      expect(connection.open).toBe(true);
      // 0 lost events, none doubled, in order.
      expect(numbers).toEqual(Array.from({ length: published }, (_, i) => i + 1));
      expect(chaos.errors).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
