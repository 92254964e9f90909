/**
 * @jest-environment node
 */
/*
 * Chaos scenario 2 — acknowledged sends through lost acks and kills. N `sendWithAck` calls
 * (`send_message` into a conversation with a second member, bob) run a few at a time while
 * the client's side of the socket loses some acks on the way in (a lossy path the server
 * knows nothing about; the server's fault injector only touches event frames) and the
 * server kills the connection now and then, mid-flight.
 *
 * The app does what the connection guide recommends: every message has a stable id, and a
 * call that ends in `ack_timeout` is retried with the same id. The engine resends messages
 * still waiting for their ack after a reconnect, with the same id; the server acks a message
 * id it already processed with the remembered result instead of applying it again.
 *
 * Checked: the server applied every message exactly once (bob's log holds one `message` per
 * call, and the server remembered one result per id); each call settled exactly once (one
 * value then complete, or one error); every message ended acknowledged with the data of its
 * one application; nothing pending at the end.
 */
import { UserSession } from '../../../reference-server/src/core/user-session';
import {
  chaosSeed,
  ChaosClient,
  openConnections,
  report,
  SCENARIO_TIMEOUT_MS,
  seededRandom,
  sized,
  sleep,
  startServer,
  stopServer,
  waitFor,
  type ReferenceServer,
} from './support';

const CALLS = sized(500, 5_000);
const ACKS_DROPPED = sized(20, 200);
const KILLS = sized(10, 100);
/** Calls in flight at once. */
const CONCURRENCY = 10;
const ACK_TIMEOUT_MS = 250;
/** Retries of one message after `ack_timeout` (a bound; a handful is plenty). */
const MAX_ATTEMPTS = 20;
const CONVERSATION = 'acked';

interface StoredMessage {
  readonly id: string;
  readonly content: string;
}

/** How one `sendWithAck` call ended, with every notification it got counted. */
interface Call {
  values: number;
  completes: number;
  errors: number;
  code?: string;
  data?: StoredMessage;
}

describe('chaos 2: acknowledged sends through lost acks and kills', () => {
  let server: ReferenceServer;
  let chaos: ChaosClient;

  beforeEach(async () => {
    server = await startServer({ conversations: { [CONVERSATION]: ['alice', 'bob'] } });
  });

  afterEach(async () => {
    chaos.destroy();
    await stopServer(server);
    jest.restoreAllMocks();
  });

  it(
    'applies every message exactly once and settles every call exactly once, none pending',
    async () => {
      const seed = chaosSeed();
      const random = seededRandom(seed);
      // The acks of these messages are lost once, on their way into the client.
      const loseAckOf = new Set<string>();
      for (let guard = 0; loseAckOf.size < ACKS_DROPPED && guard < CALLS * 10; guard++) {
        loseAckOf.add(`op-${Math.floor(random() * CALLS)}`);
      }
      let acksDropped = 0;
      const filter = (data: unknown): boolean => {
        if (typeof data !== 'string' || !data.includes('"ack"')) return true;
        const frame = JSON.parse(data) as { type?: string; payload?: { ack_id?: string } };
        const ackId = frame.payload?.ack_id;
        if (frame.type !== 'ack' || ackId === undefined || !loseAckOf.has(ackId)) return true;
        loseAckOf.delete(ackId);
        acksDropped++;
        return false;
      };
      const applied = new Map<string, number>();
      const remember = UserSession.prototype.remember;
      jest.spyOn(UserSession.prototype, 'remember').mockImplementation(function (
        this: UserSession,
        messageId: string,
        result: unknown,
      ) {
        if (messageId.startsWith('op-')) applied.set(messageId, (applied.get(messageId) ?? 0) + 1);
        remember.call(this, messageId, result);
      });
      let framesReceived = 0;
      const record = UserSession.prototype.record;
      jest.spyOn(UserSession.prototype, 'record').mockImplementation(function (
        this: UserSession,
        frame,
      ) {
        if (frame.id.startsWith('op-')) framesReceived++;
        record.call(this, frame);
      });

      chaos = new ChaosClient(server, {
        userId: 'alice',
        filter,
        options: { random, ackTimeoutMs: ACK_TIMEOUT_MS },
      });
      const client = chaos.client;
      client.connect();
      await chaos.reach('connected');

      const calls: Call[] = [];
      const acked = new Map<string, StoredMessage>();
      const failures: string[] = [];
      /** One call; resolves when it settled (its notifications keep being counted after). */
      const call = (id: string): Promise<Call> =>
        new Promise((resolve) => {
          const outcome: Call = { values: 0, completes: 0, errors: 0 };
          calls.push(outcome);
          client
            .sendWithAck<StoredMessage>({
              id,
              type: 'send_message',
              payload: { conversation_id: CONVERSATION, content: id },
            })
            .subscribe({
              next: (data) => {
                outcome.values++;
                outcome.data = data;
              },
              error: (error: { code?: string }) => {
                outcome.errors++;
                outcome.code = error.code;
                resolve(outcome);
              },
              complete: () => {
                outcome.completes++;
                resolve(outcome);
              },
            });
        });
      let settledMessages = 0;
      let retries = 0;
      const sendMessage = async (index: number): Promise<void> => {
        const id = `op-${index}`;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const outcome = await call(id);
          if (outcome.data !== undefined && outcome.errors === 0) {
            acked.set(id, outcome.data);
            break;
          }
          if (outcome.code !== 'ack_timeout' || attempt === MAX_ATTEMPTS) {
            failures.push(`${id}: ${outcome.code ?? 'no answer'} (attempt ${attempt})`);
            break;
          }
          retries++;
        }
        settledMessages++;
      };

      // Kills at random points of the run, each while calls are in flight.
      const killAfter = [...Array(KILLS).keys()]
        .map(() => Math.floor(random() * CALLS * 0.95))
        .sort((a, b) => a - b);
      let kills = 0;
      let killsMidFlight = 0;
      let done = false;
      const killer = (async () => {
        for (const threshold of killAfter) {
          await waitFor(() => settledMessages >= threshold || done, 'the next kill point', 120_000);
          if (done) return;
          await waitFor(
            () => client.status === 'connected' && openConnections(server, 'alice') === 1,
            'a connection to kill',
            10_000,
          );
          if (client.stats.pendingAcks > 0) killsMidFlight++;
          for (const connection of [...server.hub.connections()]) connection.terminate();
          kills++;
          // Let the reconnect happen before the next kill, so kills land on live traffic.
          await sleep(Math.floor(random() * 20));
        }
      })();

      let nextIndex = 0;
      const worker = async (): Promise<void> => {
        for (let index = nextIndex++; index < CALLS; index = nextIndex++) await sendMessage(index);
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      done = true;
      await killer;
      await waitFor(
        () => client.stats.pendingAcks === 0 && client.stats.outboxDepth === 0,
        'nothing pending',
      );
      // A late second answer to a call would show up now; none may.
      await sleep(ACK_TIMEOUT_MS + 100);

      const log = server.hub
        .session('bob')
        .log.after(0)
        .filter((event) => event.type === 'message');
      const atBob = new Map<string, StoredMessage[]>();
      for (const event of log) {
        const message = event.payload as unknown as StoredMessage;
        atBob.set(message.content, [...(atBob.get(message.content) ?? []), message]);
      }
      const ids = Array.from({ length: CALLS }, (_, i) => `op-${i}`);
      const appliedTwice = ids.filter((id) => (atBob.get(id)?.length ?? 0) > 1).length;
      const neverApplied = ids.filter((id) => (atBob.get(id)?.length ?? 0) === 0).length;
      const wrongAck = ids.filter((id) => acked.get(id)?.id !== atBob.get(id)?.[0]?.id).length;
      const badSettlements = calls.filter(
        (c) =>
          !(
            (c.values === 1 && c.completes === 1 && c.errors === 0) ||
            (c.values === 0 && c.completes === 0 && c.errors === 1)
          ),
      ).length;
      const timeouts = calls.filter((c) => c.code === 'ack_timeout').length;

      report('2 acknowledged sends', {
        seed,
        messages: CALLS,
        calls: calls.length,
        retriesAfterAckTimeout: retries,
        acksDropped,
        kills,
        killsMidFlight,
        framesAtServer: framesReceived,
        resendsAbsorbed: framesReceived - CALLS,
        appliedOnce: ids.filter((id) => applied.get(id) === 1).length,
        appliedTwice,
        neverApplied,
        ackedWithTheAppliedData: CALLS - wrongAck,
        callsSettledExactlyOnce: calls.length - badSettlements,
        callsTimedOut: timeouts,
        failures: failures.length,
        pendingAtEnd: client.stats.pendingAcks,
        outboxAtEnd: client.stats.outboxDepth,
        sockets: chaos.sockets,
      });

      expect(failures).toEqual([]);
      expect(acksDropped).toBe(ACKS_DROPPED);
      expect(kills).toBe(KILLS);
      expect(ids.every((id) => applied.get(id) === 1)).toBe(true);
      expect(appliedTwice).toBe(0);
      expect(neverApplied).toBe(0);
      expect(log).toHaveLength(CALLS);
      expect(wrongAck).toBe(0);
      expect(badSettlements).toBe(0);
      expect(calls).toHaveLength(CALLS + retries);
      expect(client.stats.pendingAcks).toBe(0);
      expect(client.stats.outboxDepth).toBe(0);
      expect(chaos.errors.map((error) => error.code)).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
