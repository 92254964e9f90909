/**
 * @jest-environment node
 */
/*
 * Chaos scenario 3 — server restart, memory lost. Before every restart a few events are
 * dropped on their way to the client, and the restart then forgets them for good (log,
 * channels, sequence numbers, epoch). The client cannot get them back, so it must say so:
 * the first reconnect after each restart reports `incomplete` (or `failed`) on `recovery$`,
 * never `complete`; and the restarted server's events, numbered from 1 again, are delivered
 * once and in order rather than mistaken for duplicates of the old ones.
 */
import type { RealtimeMessage, RecoveryEvent } from 'ngx-realtime/core';
import {
  audit,
  ChaosClient,
  conversationChannels,
  joinedAll,
  numbersOf,
  publishNumbered,
  report,
  SCENARIO_TIMEOUT_MS,
  sized,
  startServer,
  stopServer,
  totals,
  waitFor,
  type ReferenceServer,
} from './support';

const RESTARTS = sized(3, 20);
const CHANNELS = sized(4, 20);
/** Events per channel delivered live in each round. */
const LIVE_PER_CHANNEL = sized(10, 50);
/** Events dropped (and then forgotten by the restart) before each restart. */
const DROPPED_BEFORE_RESTART = sized(3, 10);

describe('chaos 3: server restart with memory lost', () => {
  let server: ReferenceServer;
  let chaos: ChaosClient;

  beforeEach(async () => {
    server = await startServer();
    chaos = new ChaosClient(server, { userId: 'alice' });
  });

  afterEach(async () => {
    chaos.destroy();
    await stopServer(server);
  });

  it(
    'reports every restart on recovery$ at the first reconnect; later events arrive once, in order',
    async () => {
      const channels = conversationChannels('restart', CHANNELS);
      const inbox = new Map<string, RealtimeMessage[]>(
        channels.map((channel) => [channel, chaos.listen(channel)]),
      );
      const expected = new Map<string, number[]>(channels.map((channel) => [channel, []]));
      const next = new Map<string, number>(channels.map((channel) => [channel, 0]));
      /** Every expected event arrived (and the maybe ones that did, before them). */
      const everything = () =>
        channels.every((channel) =>
          (expected.get(channel) ?? []).every((n) =>
            numbersOf(inbox.get(channel) ?? []).includes(n),
          ),
        );
      /** Events sent just before a restart: the client may or may not have got them. */
      const maybe = new Map<string, number[]>(channels.map((channel) => [channel, []]));
      let turn = 0;
      /** Publishes `count` events, round-robin over the channels; `kind` says what the client must see. */
      const publish = (count: number, kind: 'expected' | 'lost' | 'maybe'): void => {
        for (let i = 0; i < count; i++) {
          const channel = channels[turn++ % channels.length];
          const n = (next.get(channel) ?? 0) + 1;
          next.set(channel, n);
          publishNumbered(server, channel, n);
          if (kind === 'expected') expected.get(channel)?.push(n);
          if (kind === 'maybe') maybe.get(channel)?.push(n);
        }
      };

      chaos.client.connect();
      await waitFor(() => joinedAll(server, 'alice', channels), 'every channel joined');

      const verdicts: RecoveryEvent[] = [];
      let gapsMade = 0;
      let firstReconnects = 0;
      for (let round = 0; round < RESTARTS; round++) {
        publish(LIVE_PER_CHANNEL * CHANNELS, 'expected');
        await waitFor(everything, `round ${round}: the live events`, 10_000, () =>
          chaos.describe(),
        );

        // A gap only a complete log could fill, and the restart empties the log. One more
        // event follows the dropped ones, as live traffic would: whether it reaches the client
        // before the restart is a race (and with gap detection it starts a catch-up that the
        // restart interrupts), so it may arrive or not, but at most once.
        server.faults.add({ kind: 'drop', remaining: DROPPED_BEFORE_RESTART, userId: 'alice' });
        publish(DROPPED_BEFORE_RESTART, 'lost');
        publish(1, 'maybe');
        gapsMade++;
        const verdictsBefore = chaos.recoveries.length;
        const socketsBefore = chaos.sockets;
        server.restart();

        await waitFor(
          () => chaos.recoveries.length > verdictsBefore && joinedAll(server, 'alice', channels),
          `round ${round}: the verdict after the restart`,
          10_000,
          () => chaos.describe(),
        );
        // The verdict came from the first socket opened after the restart.
        if (chaos.sockets === socketsBefore + 1) firstReconnects++;
        verdicts.push(...chaos.recoveryEvents.slice(verdictsBefore));
      }
      publish(LIVE_PER_CHANNEL * CHANNELS, 'expected');
      await waitFor(everything, 'the events after the last restart', 10_000, () =>
        chaos.describe(),
      );

      // The "maybe" events count as expected when they arrived (at most once, in order).
      const audits = channels.map((channel) => {
        const delivered = numbersOf(inbox.get(channel) ?? []);
        const arrived = (maybe.get(channel) ?? []).filter((n) => delivered.includes(n));
        const wanted = [...(expected.get(channel) ?? []), ...arrived].sort((a, b) => a - b);
        return audit(wanted, delivered);
      });
      const maybeArrived = channels.reduce(
        (sum, channel) =>
          sum +
          (maybe.get(channel) ?? []).filter((n) => numbersOf(inbox.get(channel) ?? []).includes(n))
            .length,
        0,
      );
      const sum = totals(audits);
      const reported = verdicts.filter((event) => !event.recovered).length;
      report('3 server restart', {
        restarts: RESTARTS,
        channels: CHANNELS,
        eventsExpected: sum.expected,
        eventsDelivered: sum.delivered,
        eventsDroppedThenForgotten: RESTARTS * DROPPED_BEFORE_RESTART,
        eventsRacingTheRestart: RESTARTS,
        ofWhichArrived: maybeArrived,
        lost: sum.lost,
        duplicated: sum.duplicated,
        outOfOrder: sum.outOfOrder,
        resurfaced: sum.unexpected,
        verdicts: verdicts.map((event) => `${event.verdict}/${event.reason}`).join(','),
        gapsMade,
        gapsReported: reported,
        gapsUnreported: gapsMade - reported,
        verdictAtFirstReconnect: firstReconnects,
        sockets: chaos.sockets,
      });

      expect(sum).toEqual({ ...sum, lost: 0, duplicated: 0, outOfOrder: 0, unexpected: 0 });
      expect(verdicts).toHaveLength(RESTARTS);
      // Each names the restart (or a failed request) and every subscribed channel as stale.
      for (const event of verdicts) {
        expect(['server_restarted', 'request_failed']).toContain(event.reason);
        expect([...event.channels].sort()).toEqual([...channels].sort());
      }
      expect(reported).toBe(gapsMade);
      expect(firstReconnects).toBe(RESTARTS);
      expect(chaos.client.stats.lastRecovery).not.toBe('complete');
      expect(chaos.errors.map((error) => error.code)).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
