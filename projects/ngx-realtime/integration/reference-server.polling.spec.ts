/*
 * The long-polling fallback against the real reference server: the server refuses
 * WebSocket upgrades (test-control fault), the client spends its reconnect budget, polls
 * `/api/v1/realtime/poll`, and moves back to the WebSocket once upgrades are allowed again,
 * without losing or repeating an event. Real timers, short delays, conditions polled.
 */
import { firstValueFrom } from 'rxjs';
import {
  connectionsOf,
  killConnections,
  notificationIds,
  notify,
  postIds,
  publishPost,
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  useNodeTimers,
  waitFor,
  type ReferenceServer,
  type RealtimeSetup,
} from './support/reference-server';

describe('integration: polling fallback against the reference server', () => {
  let server: ReferenceServer;
  const harnesses: RealtimeHarness[] = [];
  useNodeTimers();

  const alice = (setup: Partial<RealtimeSetup> = {}): RealtimeHarness => {
    const harness = RealtimeHarness.inTestBed(server, { userId: 'alice', ...setup });
    harnesses.push(harness);
    return harness;
  };
  /** True while a long poll of `userId` is held open by the server. */
  const pollHeld = (userId: string) => server.hub.session(userId).pollWaiters.size > 0;

  beforeEach(async () => {
    server = await startReferenceServer();
  });

  afterEach(async () => {
    for (const harness of harnesses.splice(0).reverse()) harness.destroy();
    await stopReferenceServer(server);
  });

  it('polls over HTTP once the reconnect budget is spent while upgrades are refused', async () => {
    const realtime = alice();
    const notifications = realtime.listen('notifications');
    server.faults.refuseUpgrades = true;
    realtime.service.connect();

    await realtime.reach('polling');
    expect(realtime.statuses).toEqual(['disconnected', 'connecting', 'reconnecting', 'polling']);
    await waitFor(() => pollHeld('alice'), 'a long poll held by the server');
    expect(connectionsOf(server, 'alice')).toBe(0);

    notify(server, 'alice', 'n1');
    notify(server, 'alice', 'n2');
    await waitFor(() => notifications.length >= 2, 'two notifications over HTTP');
    expect(notificationIds(notifications)).toEqual(['n1', 'n2']);
    expect(notifications.map((event) => event.seq)).toEqual([1, 2]);
  });

  it('moves back to the WebSocket when upgrades are allowed again, losing and repeating nothing', async () => {
    const realtime = alice();
    const notifications = realtime.listen('notifications');
    server.faults.refuseUpgrades = true;
    realtime.service.connect();
    await realtime.reach('polling');
    notify(server, 'alice', 'n1');
    await waitFor(() => notifications.length === 1, 'n1 over HTTP');

    notify(server, 'alice', 'n2'); // while polling
    server.faults.refuseUpgrades = false;
    notify(server, 'alice', 'n3'); // while the probe may be opening
    await realtime.reach('connected');
    notify(server, 'alice', 'n4'); // over the socket
    await waitFor(
      () => notifications.length >= 4,
      'four notifications',
      4_000,
      () => notificationIds(notifications).join(),
    );

    expect(notificationIds(notifications)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(connectionsOf(server, 'alice')).toBe(1);
    // The poll in flight was abandoned when the socket took over.
    await waitFor(() => !pollHeld('alice'), 'polling to stop');
    notify(server, 'alice', 'n5');
    await waitFor(() => notifications.length >= 5, 'n5');
    expect(notificationIds(notifications)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('falls back after a kill mid-session, keeps the joined channels, and comes back', async () => {
    const realtime = alice();
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');
    publishPost(server, 'p1');
    await waitFor(() => posts.length === 1, 'p1 over the socket');

    server.faults.refuseUpgrades = true;
    killConnections(server);
    publishPost(server, 'p2'); // nobody connected
    await realtime.reach('polling');
    publishPost(server, 'p3'); // over HTTP
    await waitFor(
      () => posts.length >= 3,
      'p2 and p3 over HTTP',
      4_000,
      () => postIds(posts).join(),
    );

    server.faults.refuseUpgrades = false;
    await realtime.reach('connected');
    await realtime.joined('feed:updates');
    publishPost(server, 'p4');
    await waitFor(
      () => posts.length >= 4,
      'p4 over the socket',
      4_000,
      () => postIds(posts).join(),
    );

    expect(postIds(posts)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(posts.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(realtime.statuses).toEqual([
      'disconnected',
      'connecting',
      'connected',
      'reconnecting',
      'polling',
      'connected',
    ]);
  });

  it('posts sends to the send endpoint while polling and resolves their acks', async () => {
    const realtime = alice({ polling: { sendUrl: `${server.httpUrl}/api/v1/realtime/send` } });
    const bob = RealtimeHarness.forUser(server, { userId: 'bob' });
    harnesses.push(bob);
    const inbox = bob.listen('conversation:c1');
    bob.service.connect();
    await bob.joined('conversation:c1');

    server.faults.refuseUpgrades = true;
    realtime.service.connect();
    await realtime.reach('polling');

    const stored = await firstValueFrom(
      realtime.service.sendWithAck<{ id: string; content: string }>({
        type: 'send_message',
        payload: { conversation_id: 'c1', content: 'sent while polling' },
      }),
    );

    expect(stored.content).toBe('sent while polling');
    await waitFor(() => inbox.some((event) => event.type === 'message'), 'the message at bob');
    expect(inbox.find((event) => event.type === 'message')?.payload).toMatchObject({
      id: stored.id,
      sender_id: 'alice',
    });
  });

  it('fetches missed events over HTTP with getMissedMessages', async () => {
    const realtime = alice();
    for (const id of ['n1', 'n2', 'n3']) notify(server, 'alice', id);

    const missed = await firstValueFrom(realtime.service.getMissedMessages(1));

    expect(missed.complete).toBe(true);
    expect(notificationIds(missed.messages)).toEqual(['n2', 'n3']);
  });
});
