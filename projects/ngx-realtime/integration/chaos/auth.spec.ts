/**
 * @jest-environment node
 */
/*
 * Chaos scenario 6 — auth. The reference server closes a socket with 4401 TOKEN_EXPIRED when
 * its token expires (tokens here live 2 s, so expiry comes 1–2 s after issue: JWT times are
 * whole seconds).
 *
 * - A provider that hands out a fresh token: each expiry costs exactly one refresh and one
 *   new socket, the status never reaches `unauthorized`, and no event is lost or doubled.
 * - A provider that keeps returning a refused (expired) token: the client ends in
 *   `unauthorized` after one refresh, and makes no further attempt for 10 minutes.
 *
 * The 10 minutes are simulated. Fake timers would also stop the sockets' and the server's
 * timers, so instead the client gets a clock of its own (a {@link SimulatedClock}): every
 * engine timer (backoff, connect timeout, heartbeat) runs on it, while the sockets and the
 * server stay real. After `unauthorized` the test moves that clock through 10 minutes in
 * one-second steps, letting real I/O run between steps, and counts the sockets the engine
 * asks for (every attempt goes through its socket factory) and the server's connections.
 */
import type { RealtimeMessage } from 'ngx-realtime/core';
import {
  ChaosClient,
  conversationChannels,
  joinedAll,
  numbersOf,
  openConnections,
  publishNumbered,
  report,
  SCENARIO_TIMEOUT_MS,
  settleIo,
  SimulatedClock,
  sized,
  startServer,
  stopServer,
  waitFor,
  type ReferenceServer,
} from './support';

/** Token expiries the refreshing client goes through. */
const EXPIRIES = sized(2, 5);
/** Token lifetime, in seconds. */
const TTL_SECONDS = 2;
/** Simulated time watched after `unauthorized`. */
const WATCH_MS = 10 * 60_000;
const STEP_MS = 1_000;

describe('chaos 6: auth', () => {
  let server: ReferenceServer;
  let chaos: ChaosClient | null = null;

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    chaos?.destroy();
    chaos = null;
    await stopServer(server);
  });

  it(
    'refreshes an expired token once per expiry and reconnects, losing nothing',
    async () => {
      let tokensIssued = 0;
      const client = new ChaosClient(server, {
        userId: 'alice',
        token: () => {
          tokensIssued++;
          return server.issueToken('alice', TTL_SECONDS);
        },
      });
      chaos = client;
      const [channel] = conversationChannels('auth', 1);
      const events: RealtimeMessage[] = client.listen(channel);
      client.client.connect();
      await waitFor(() => joinedAll(server, 'alice', [channel]), 'the channel joined');

      // Events keep flowing through every expiry: published every 20 ms of real time.
      let published = 0;
      const expired = () => client.statuses.filter((status) => status === 'reconnecting').length;
      for (let guard = 0; expired() < EXPIRIES && guard < EXPIRIES * 200; guard++) {
        publishNumbered(server, channel, ++published);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await client.reach('connected');
      await waitFor(() => joinedAll(server, 'alice', [channel]), 'the channel joined again');
      publishNumbered(server, channel, ++published);
      await waitFor(
        () => events.length >= published,
        'every event',
        10_000,
        () => client.describe(),
      );
      const numbers = numbersOf(events);

      report('6a token refresh', {
        expiries: expired(),
        tokensIssued,
        sockets: client.sockets,
        eventsPublished: published,
        eventsDelivered: numbers.length,
        lost: published - new Set(numbers).size,
        duplicated: numbers.length - new Set(numbers).size,
        verdicts: client.recoveries.join(','),
        errors: client.errors.map((error) => error.code).join(',') || 'none',
      });
      expect(expired()).toBe(EXPIRIES);
      // One token for the first connect, then exactly one refresh per expiry.
      expect(tokensIssued).toBe(EXPIRIES + 1);
      expect(client.sockets).toBe(EXPIRIES + 1);
      expect(client.statuses).not.toContain('unauthorized');
      expect(numbers).toEqual(Array.from({ length: published }, (_, i) => i + 1));
      expect(client.recoveries).toEqual(Array<string>(EXPIRIES).fill('complete'));
      expect(client.errors).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'ends in unauthorized when the refreshed token is refused, with 0 connects over 10 simulated minutes',
    async () => {
      const clock = new SimulatedClock(Date.now());
      let tokensIssued = 0;
      const client = new ChaosClient(server, {
        userId: 'alice',
        // The first token works for 1-2 s; every later one is already expired (401 on the upgrade).
        token: () =>
          ++tokensIssued === 1
            ? server.issueToken('alice', TTL_SECONDS)
            : server.issueToken('alice', -60),
        options: { clock },
      });
      chaos = client;
      client.client.connect();
      await client.reach('connected');
      // The first socket closes with 4401 when its token expires (real time, 1-2 s).
      await client.reach('unauthorized', 10_000);
      const socketsAtUnauthorized = client.sockets;
      const tokensAtUnauthorized = tokensIssued;

      const start = clock.now();
      let connectionsSeen = 0;
      for (let step = 0; step < WATCH_MS / STEP_MS; step++) {
        clock.advance(STEP_MS);
        await settleIo(2);
        connectionsSeen += openConnections(server, 'alice');
      }
      const watchedMs = clock.now() - start;

      report('6b refused refresh', {
        simulatedMinutesWatched: watchedMs / 60_000,
        tokensIssued,
        socketsBeforeUnauthorized: socketsAtUnauthorized,
        socketsAfterUnauthorized: client.sockets - socketsAtUnauthorized,
        serverConnectionsSeenAfter: connectionsSeen,
        engineTimersLeft: clock.pending,
        status: client.client.status,
        errors: client.errors.map((error) => error.code).join(','),
      });
      expect(watchedMs).toBe(WATCH_MS);
      // The first connect, and one retry with a refreshed token; nothing after.
      expect(socketsAtUnauthorized).toBe(2);
      expect(tokensAtUnauthorized).toBe(2);
      expect(client.sockets).toBe(socketsAtUnauthorized);
      expect(tokensIssued).toBe(tokensAtUnauthorized);
      expect(connectionsSeen).toBe(0);
      expect(clock.pending).toBe(0);
      expect(client.client.status).toBe('unauthorized');
      expect(client.statuses).toEqual([
        'disconnected',
        'connecting',
        'connected',
        'reconnecting',
        'unauthorized',
      ]);
      expect(client.errors.map((error) => error.code)).toEqual(['unauthorized']);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
