/**
 * @jest-environment node
 */
/*
 * The reference server as a cluster (`--redis`): three instances sharing one Debian
 * redis-server, clients spread over them (the engine, `RealtimeClient`, over real sockets).
 * One instance is killed mid-stream and its clients move to the others: nothing is lost,
 * nothing is duplicated, each user's events keep their sequence order, and the events of
 * one publishing instance keep their publishing order. Presence,
 * cross-instance delivery and idempotent sends are checked on their own.
 */
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { RealtimeMessage } from 'ngx-realtime/core';
import {
  audit,
  conversationChannels,
  joinedAll,
  numbersOf,
  publishNumbered,
  report,
  SCENARIO_TIMEOUT_MS,
  sized,
  totals,
  waitFor,
} from '../support';
import { ClusterClient, TestCluster } from './cluster-support';
import { startRedis, type RedisProcess } from './redis-server';

const INSTANCES = 3;
const USERS = sized(9, 30);
const CHANNELS = sized(3, 10);
const EVENTS = sized(300, 3_000);

describe('cluster over Redis', () => {
  let redis: RedisProcess;
  let cluster: TestCluster | null = null;
  const clients: ClusterClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await cluster?.stop();
    cluster = null;
    // Each test starts from an empty store (and a new cluster epoch).
    await flushRedis(redis.port);
  });

  it(
    'loses and duplicates nothing when an instance is killed mid-stream; per-user order holds',
    async () => {
      cluster = await TestCluster.start(redis.url, INSTANCES);
      const [a, b, c] = cluster.instances;
      const channels = conversationChannels('cluster', CHANNELS);
      const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
      const inboxes = users.map((userId, i) => {
        const client = new ClusterClient(cluster as TestCluster, userId, [a, b, c][i % 3]);
        clients.push(client);
        const inbox = new Map(channels.map((channel) => [channel, client.listen(channel)]));
        client.connect();
        return inbox;
      });
      for (const client of clients) {
        await waitFor(
          () => joinedAll(client.current, client.userId, channels),
          `${client.userId} joined`,
        );
      }
      await cluster.membershipsShared(users, channels);

      const expected = new Map(channels.map((channel) => [channel, [] as number[]]));
      /** Which instance published each number: order is promised per publisher. */
      const publisherOf = new Map<number, number>();
      let n = 0;
      const publishRound = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const publisher = (cluster as TestCluster).alive[
            i % (cluster as TestCluster).alive.length
          ];
          const channel = channels[n % channels.length];
          n++;
          publishNumbered(publisher, channel, n);
          publisherOf.set(n, (cluster as TestCluster).instances.indexOf(publisher));
          expected.get(channel)?.push(n);
          // Confirmed by the store before going on: a publish is never half done at the kill.
          if (i % 10 === 9) await publisher.hub.flushed();
        }
        for (const instance of (cluster as TestCluster).alive) await instance.hub.flushed();
      };

      await publishRound(EVENTS / 3);
      const moved = clients.filter((client) => client.current === b).length;
      // Kill b while its clients are still receiving the first third.
      await cluster.kill(b);
      await publishRound(EVENTS / 3);
      // The moved clients are back (on a or c) and the stream continues.
      await waitFor(
        () =>
          clients.every((client) => client.current !== b && client.client.status === 'connected'),
        'every client on a live instance',
      );
      await publishRound(EVENTS / 3);

      const complete = () =>
        inboxes.every((inbox) =>
          channels.every(
            (channel) => (inbox.get(channel) ?? []).length >= (expected.get(channel) ?? []).length,
          ),
        );
      await waitFor(complete, 'every event at every client', 30_000, () =>
        clients
          .map(
            (client) =>
              `${client.userId}: ${client.events.length} on ${cluster?.instances.indexOf(client.current)}`,
          )
          .join(', '),
      );

      // Two instances publishing at once race to the store: their events interleave in
      // whichever order the store applied them, so order is checked per publishing instance.
      const byPublisher = (numbers: readonly number[], instance: number) =>
        numbers.filter((number) => publisherOf.get(number) === instance);
      const audits = inboxes.flatMap((inbox) =>
        channels.flatMap((channel) =>
          [0, 1, 2].map((instance) =>
            audit(
              byPublisher(expected.get(channel) ?? [], instance),
              byPublisher(numbersOf(inbox.get(channel) ?? []), instance),
            ),
          ),
        ),
      );
      const sum = totals(audits);
      // Each user's events, across channels, arrive in the order the store numbered them.
      const seqDisorder = clients.filter((client) => !increasing(client.events)).length;
      report('cluster kill', { ...sum, users: USERS, moved, seqDisorder });
      expect(sum.lost).toBe(0);
      expect(sum.duplicated).toBe(0);
      expect(sum.outOfOrder).toBe(0);
      expect(sum.unexpected).toBe(0);
      expect(seqDisorder).toBe(0);
      expect(sum.delivered).toBe(EVENTS * USERS);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it('delivers to a user on one instance what is published on another', async () => {
    cluster = await TestCluster.start(redis.url, 2);
    const [a, b] = cluster.instances;
    const alice = new ClusterClient(cluster, 'alice', a);
    clients.push(alice);
    const feed = alice.listen('feed:updates');
    const notifications = alice.listen('notifications');
    alice.connect();
    await waitFor(() => joinedAll(a, 'alice', ['feed:updates']), 'alice joined');
    await cluster.membershipsShared(['alice'], ['feed:updates']);

    expect(b.hub.publish('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p1' })).toBe(
      1,
    );
    b.hub.deliverToUser('alice', 'notification', notification('n1'), {
      channel: 'notifications',
      direct: true,
    });
    await waitFor(() => feed.length === 1 && notifications.length === 1, 'both events on a');
    expect(feed[0]?.payload).toMatchObject({ post_id: 'p1' });
    expect(notifications[0]?.seq).toBe((feed[0]?.seq ?? 0) + 1);
    // The epoch is the cluster's: both instances announce the same one.
    expect(a.hub.epoch).toBe(b.hub.epoch);
  });

  it('shows presence across instances and withdraws it when an instance dies', async () => {
    cluster = await TestCluster.start(redis.url, 2, { presenceOfflineDelayMs: 50 });
    const [a, b] = cluster.instances;
    const alice = new ClusterClient(cluster, 'alice', a);
    clients.push(alice);
    const presence = alice.listen('presence');
    alice.connect();
    await waitFor(() => joinedAll(a, 'alice', ['presence']), 'alice joined presence');
    await cluster.membershipsShared(['alice'], ['presence']);

    // Bob only ever talks to b: when b dies he cannot come back elsewhere.
    const bob = new ClusterClient(cluster, 'bob', b, true).connect();
    clients.push(bob);
    await waitFor(() => statusesOf(presence, 'bob').includes('online'), 'bob online seen on a');
    expect(await presenceAsked(alice, 'bob')).toBe('online');

    await cluster.kill(b);
    // b's liveness key expires (3 × 100 ms) and a reaps it: bob goes offline for everyone.
    await waitFor(() => statusesOf(presence, 'bob').at(-1) === 'offline', 'bob offline', 5_000);
    expect(await presenceAsked(alice, 'bob')).toBe('offline');
  });

  it('acknowledges a resend on another instance without applying it twice', async () => {
    cluster = await TestCluster.start(redis.url, 3);
    const [a, b, c] = cluster.instances;
    const carol = new ClusterClient(cluster, 'carol', c);
    clients.push(carol);
    const received = carol.listen('conversation:dup');
    carol.connect();
    await waitFor(() => joinedAll(c, 'carol', ['conversation:dup']), 'carol joined');
    await cluster.membershipsShared(['carol'], ['conversation:dup']);

    const frame = {
      id: 'send-1',
      type: 'send_message',
      ack_id: 'ack-1',
      payload: { conversation_id: 'dup', content: 'only once' },
    };
    const first = await rawRequest(a, 'dave', frame);
    const second = await rawRequest(b, 'dave', { ...frame, ack_id: 'ack-2' });
    expect(first['status']).toBe('success');
    expect(second['status']).toBe('success');
    expect(second['data']).toEqual(first['data']);

    // A later message proves the resend had its chance to arrive: it did not.
    await rawRequest(b, 'dave', {
      ...frame,
      id: 'send-2',
      ack_id: 'ack-3',
      payload: { conversation_id: 'dup', content: 'next' },
    });
    await waitFor(() => received.length >= 2, 'the two distinct messages');
    expect(received.map((event) => (event.payload as { content: string }).content)).toEqual([
      'only once',
      'next',
    ]);
  });
});

function notification(id: string): object {
  return { id, type: 'like', read: false, created_at: new Date().toISOString(), unread_count: 1 };
}

/** True when the events' sequence numbers strictly increase. */
function increasing(events: readonly RealtimeMessage[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if ((events[i]?.seq ?? 0) <= (events[i - 1]?.seq ?? 0)) return false;
  }
  return true;
}

function statusesOf(events: readonly RealtimeMessage[], userId: string): string[] {
  return events
    .map((event) => event.payload as { user_id: string; status: string })
    .filter((payload) => payload.user_id === userId)
    .map((payload) => payload.status);
}

/** `get_presence` through the engine: the cluster-wide status of `userId`. */
async function presenceAsked(client: ClusterClient, userId: string): Promise<string> {
  const answer = await new Promise<{ presence: { user_id: string; status: string }[] }>(
    (resolve, reject) =>
      client.client
        .sendWithAck<{ presence: { user_id: string; status: string }[] }>({
          type: 'get_presence',
          payload: { user_ids: [userId] },
        })
        .subscribe({ next: resolve, error: reject }),
  );
  return answer.presence[0]?.status ?? 'missing';
}

/** One frame on a fresh raw socket of `userId` to `server`; resolves the ack's payload. */
function rawRequest(
  server: { url: string; issueToken(userId: string): string },
  userId: string,
  frame: { ack_id: string } & Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url}?token=${server.issueToken(userId)}`);
    const timer = setTimeout(() => reject(new Error('no ack')), 5_000);
    socket.on('open', () => socket.send(JSON.stringify(frame)));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        type: string;
        payload: Record<string, unknown>;
      };
      if (message.type === 'ack' && message.payload['ack_id'] === frame.ack_id) {
        clearTimeout(timer);
        socket.close();
        resolve(message.payload);
      }
    });
    socket.on('error', reject);
  });
}

/** Empties the test redis-server. */
async function flushRedis(port: number): Promise<void> {
  const client = new Redis(port, '127.0.0.1');
  try {
    await client.flushall();
  } finally {
    client.disconnect();
  }
}
