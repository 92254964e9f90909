/*
 * WebSocketService against the real reference server over loopback: connect, subscribe and
 * receive, acknowledged sends, and reconnects with the catch-up by sequence number.
 * Real timers, short configured delays; every wait polls a condition (see support/).
 */
import type { RealtimeError } from 'ngx-realtime';
import { firstValueFrom } from 'rxjs';
import {
  connectionsOf,
  joined,
  killConnections,
  notificationIds,
  notify,
  postIds,
  publishPost,
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  waitFor,
  useNodeTimers,
  type ReferenceServer,
} from './support/reference-server';

describe('integration: WebSocketService against the reference server', () => {
  let server: ReferenceServer;
  let realtime: RealtimeHarness;
  const others: RealtimeHarness[] = [];
  useNodeTimers();

  beforeEach(async () => {
    server = await startReferenceServer();
    realtime = RealtimeHarness.inTestBed(server, { userId: 'alice' });
  });

  afterEach(async () => {
    for (const other of others.splice(0)) other.destroy();
    realtime.destroy();
    await stopReferenceServer(server);
  });

  it('connects: the status signal reaches connected and the server holds one socket', async () => {
    expect(realtime.service.status()).toBe('disconnected');
    realtime.service.connect();
    await realtime.reach('connected');
    expect(realtime.service.isConnected()).toBe(true);
    expect(realtime.statuses).toEqual(['disconnected', 'connecting', 'connected']);
    expect(connectionsOf(server, 'alice')).toBe(1);
    expect(realtime.errors).toEqual([]);
  });

  it('subscribes to a channel and receives what is published on it, once', async () => {
    const posts = realtime.listen('feed:updates');
    const notifications = realtime.listen('notifications');
    realtime.service.connect();
    await realtime.joined('feed:updates');

    expect(publishPost(server, 'p1')).toBe(1);
    notify(server, 'alice', 'n1');
    await waitFor(() => posts.length === 1 && notifications.length === 1, 'both events');

    expect(postIds(posts)).toEqual(['p1']);
    expect(posts[0]).toMatchObject({ type: 'feed_update', channel: 'feed:updates', seq: 1 });
    expect(notificationIds(notifications)).toEqual(['n1']);
    expect(notifications[0].seq).toBe(2);
  });

  it('drops a frame the server sends twice (same id and seq)', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');

    server.faults.add({ kind: 'duplicate', remaining: 1, userId: 'alice' });
    publishPost(server, 'p1');
    publishPost(server, 'p2');
    await waitFor(() => posts.length >= 2, 'two posts');
    // A third event proves nothing else was still on its way.
    publishPost(server, 'p3');
    await waitFor(() => posts.length >= 3, 'three posts');

    expect(postIds(posts)).toEqual(['p1', 'p2', 'p3']);
  });

  it('stops receiving a channel after the last listener unsubscribes', async () => {
    const subscription = realtime.service.subscribe('feed:updates').subscribe();
    realtime.service.connect();
    await realtime.joined('feed:updates');

    subscription.unsubscribe();
    await waitFor(() => !joined(server, 'alice', 'feed:updates'), 'the server-side leave');
    expect(publishPost(server, 'p1')).toBe(0);
  });

  it('gets acks from the server for subscribe and heartbeat frames', async () => {
    realtime.service.connect();
    await realtime.reach('connected');

    const subscribed = await firstValueFrom(
      realtime.service.sendWithAck({ type: 'subscribe', payload: { channel: 'presence' } }),
    );
    expect(subscribed).toEqual({ channel: 'presence' });
    expect(joined(server, 'alice', 'presence')).toBe(true);

    const beat = await firstValueFrom(
      realtime.service.sendWithAck<{ timestamp: string }>({ type: 'heartbeat', payload: {} }),
    );
    expect(Date.parse(beat.timestamp)).not.toBeNaN();
  });

  it('acks a resent message id again without applying it twice', async () => {
    realtime.service.connect();
    await realtime.reach('connected');
    const message = { id: 'join-once', type: 'subscribe', payload: { channel: 'presence' } };

    const first = await firstValueFrom(realtime.service.sendWithAck(message));
    const again = await firstValueFrom(realtime.service.sendWithAck(message));

    expect(again).toEqual(first);
    const session = server.hub.session('alice');
    expect(session.received.filter((frame) => frame.id === 'join-once')).toHaveLength(2);
  });

  it('sends a direct message: the ack carries the stored message, the other member gets it', async () => {
    const bob = RealtimeHarness.forUser(server, { userId: 'bob' });
    others.push(bob);
    const inbox = bob.listen('conversation:c1');
    bob.service.connect();
    await bob.joined('conversation:c1');
    realtime.service.connect();
    await realtime.reach('connected');

    const stored = await firstValueFrom(
      realtime.service.sendWithAck<{ id: string; sender_id: string; content: string }>({
        type: 'send_message',
        payload: { conversation_id: 'c1', content: 'hello bob' },
      }),
    );

    expect(stored).toMatchObject({ sender_id: 'alice', content: 'hello bob' });
    expect(stored.id).toEqual(expect.any(String));
    await waitFor(() => inbox.some((event) => event.type === 'message'), 'the message at bob');
    const messages = inbox.filter((event) => event.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0].payload).toMatchObject({ id: stored.id, content: 'hello bob' });
  });

  it('fails a send the server refuses with a typed server error, and stays connected', async () => {
    realtime.service.connect();
    await realtime.reach('connected');

    const refused = await firstValueFrom(
      realtime.service.sendWithAck({ type: 'subscribe', payload: { channel: 'no-such-channel' } }),
    ).catch((error: unknown) => error as RealtimeError);

    expect(refused).toMatchObject({ code: 'server_error', serverCode: 'CHANNEL_NOT_FOUND' });
    expect(realtime.service.status()).toBe('connected');
  });

  it('reports a channel the server does not know as channel_rejected', async () => {
    const completed = jest.fn();
    const failed = jest.fn();
    realtime.service.subscribe('no-such-channel').subscribe({ complete: completed, error: failed });
    realtime.service.connect();

    await waitFor(() => failed.mock.calls.length > 0, 'the rejection');
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'channel_rejected' }));
    expect(completed).not.toHaveBeenCalled();
    expect(realtime.errors.map((error) => error.code)).toEqual(['channel_rejected']);
    expect(realtime.service.status()).toBe('connected');
  });

  it('reconnects after the server kills the socket, re-joins, and recovers what was missed', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');
    publishPost(server, 'p1');
    await waitFor(() => posts.length === 1, 'p1');

    expect(killConnections(server)).toBe(1);
    // Published in the same tick as the kill: the client cannot be back yet, so these two
    // only reach it through the catch-up by sequence number.
    publishPost(server, 'p2');
    publishPost(server, 'p3');

    await waitFor(() => realtime.statuses.includes('reconnecting'), 'reconnecting');
    await realtime.reach('connected');
    await realtime.joined('feed:updates');
    publishPost(server, 'p4');
    await waitFor(
      () => posts.length >= 4,
      'four posts',
      4_000,
      () => postIds(posts).join(),
    );

    expect(postIds(posts)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(posts.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(realtime.recoveries).toEqual(['complete']);
    expect(realtime.statuses).toEqual([
      'disconnected',
      'connecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(connectionsOf(server, 'alice')).toBe(1);
  });

  it('recovers an event lost on a dying link through the catch-up after the reconnect', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');
    publishPost(server, 'p1');
    await waitFor(() => posts.length === 1, 'p1');

    // p2 is logged (seq 2) but never written to the socket, which then dies.
    server.faults.add({ kind: 'drop', remaining: 1, userId: 'alice' });
    publishPost(server, 'p2');
    killConnections(server);
    publishPost(server, 'p3');

    await realtime.reach('connected');
    await waitFor(
      () => posts.length >= 3,
      'three posts',
      4_000,
      () => postIds(posts).join(),
    );
    expect(postIds(posts)).toEqual(['p1', 'p2', 'p3']);
    expect(realtime.recoveries).toEqual(['complete']);
  });

  it('recovers events published while down before the first event ever arrived', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');

    killConnections(server);
    publishPost(server, 'p1');

    await realtime.reach('connected');
    await realtime.joined('feed:updates');
    publishPost(server, 'p2');
    await waitFor(
      () => posts.length >= 2,
      'two posts',
      1_000,
      () => postIds(posts).join(),
    );
    expect(postIds(posts)).toEqual(['p1', 'p2']);
  });

  it('survives several kills in a row without losing or repeating an event', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    const expected: string[] = [];
    for (let round = 1; round <= 3; round++) {
      await realtime.joined('feed:updates');
      for (const suffix of ['a', 'b']) {
        expected.push(`r${round}${suffix}`);
        publishPost(server, `r${round}${suffix}`);
      }
      killConnections(server);
      expected.push(`r${round}-down`);
      publishPost(server, `r${round}-down`);
    }
    await realtime.reach('connected');
    await waitFor(
      () => posts.length >= expected.length,
      'every post',
      4_000,
      () => postIds(posts).join(),
    );
    expect(postIds(posts)).toEqual(expected);
    expect(realtime.recoveries.every((verdict) => verdict === 'complete')).toBe(true);
  });

  it('reports an incomplete catch-up after a server restart (new epoch) instead of hiding it', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');
    for (const id of ['p1', 'p2', 'p3']) publishPost(server, id);
    await waitFor(() => posts.length === 3, 'three posts');
    const epoch = server.hub.epoch;

    server.restart();
    expect(server.hub.epoch).not.toBe(epoch);

    await waitFor(() => realtime.recoveries.length > 0, 'a recovery verdict');
    // The reply says `complete: false` (the client is ahead of the new log): not hidden.
    expect(realtime.recoveries).toEqual(['incomplete']);
    await realtime.reach('connected');
  });

  it('receives events of the new epoch after a server restart', async () => {
    const posts = realtime.listen('feed:updates');
    realtime.service.connect();
    await realtime.joined('feed:updates');
    for (const id of ['p1', 'p2', 'p3']) publishPost(server, id);
    await waitFor(() => posts.length === 3, 'three posts');

    server.restart();
    await realtime.reach('connected');
    await realtime.joined('feed:updates');
    publishPost(server, 'after-restart'); // seq 1 of the new epoch

    await waitFor(
      () => posts.length >= 4,
      'the post after the restart',
      1_000,
      () => postIds(posts).join(),
    );
    expect(postIds(posts)).toEqual(['p1', 'p2', 'p3', 'after-restart']);
  });
});
