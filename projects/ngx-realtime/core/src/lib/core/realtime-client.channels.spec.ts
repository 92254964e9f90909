import type { RealtimeError, RealtimeMessage } from 'ngx-realtime';
import {
  ackErrorOf,
  ackOf,
  createHarness,
  feedEvent,
  postIds,
  serverFrame,
  type Harness,
} from '../../../../spec-support/client-harness';

describe('RealtimeClient: channels and delivery', () => {
  let h: Harness;

  beforeEach(() => {
    jest.useFakeTimers();
    h = createHarness();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  it('subscribes once for two listeners and unsubscribes after the last one', () => {
    const a = h.client.channel('feed:updates').subscribe();
    const b = h.client.channel('feed:updates').subscribe();
    const socket = h.connectOpen();
    expect(socket.framesOf('subscribe').map((frame) => frame.payload)).toEqual([
      { channel: 'feed:updates' },
    ]);
    a.unsubscribe();
    expect(socket.framesOf('unsubscribe')).toEqual([]);
    b.unsubscribe();
    expect(socket.framesOf('unsubscribe').map((frame) => frame.payload)).toEqual([
      { channel: 'feed:updates' },
    ]);
  });

  it('subscribes at once when already connected', () => {
    const socket = h.connectOpen();
    h.client.channel('presence').subscribe();
    expect(socket.only('subscribe').payload).toEqual({ channel: 'presence' });
  });

  it('subscribes every active channel again after a reconnect, and only those', () => {
    h.client.channel('feed:updates').subscribe();
    const gone = h.client.channel('presence').subscribe();
    h.client.channel('notifications').subscribe();
    const first = h.connectOpen();
    gone.unsubscribe();
    first.serverClose();
    jest.advanceTimersByTime(1_000);
    const second = h.sockets.last;
    second.open();
    expect(second.framesOf('subscribe').map((frame) => frame.payload['channel'])).toEqual([
      'feed:updates',
      'notifications',
    ]);
  });

  it('delivers channel events to channel listeners only', () => {
    const feed: RealtimeMessage[] = [];
    const presence: RealtimeMessage[] = [];
    h.client.channel('feed:updates').subscribe((event) => feed.push(event));
    h.client.channel('presence').subscribe((event) => presence.push(event));
    const socket = h.connectOpen();
    socket.receive(feedEvent('p1'));
    socket.receive(
      serverFrame('presence', { user_id: 'u1', status: 'online' }, { channel: 'presence' }),
    );
    expect(postIds(feed)).toEqual(['p1']);
    expect(presence.map((event) => event.payload)).toEqual([{ user_id: 'u1', status: 'online' }]);
  });

  it('events(type) and messages$ see events from any channel', () => {
    const byType: RealtimeMessage[] = [];
    const all: RealtimeMessage[] = [];
    h.client.events('feed_update').subscribe((event) => byType.push(event));
    h.client.messages$.subscribe((event) => all.push(event));
    const socket = h.connectOpen();
    socket.receive(feedEvent('p1', { channel: 'feed:other' }));
    socket.receive(serverFrame('notification_read_all', {}));
    expect(postIds(byType)).toEqual(['p1']);
    expect(all.map((event) => event.type)).toEqual(['feed_update', 'notification_read_all']);
  });

  it('unsubscribe(channel) leaves the channel and completes its streams', () => {
    const seen: RealtimeMessage[] = [];
    let completed = 0;
    for (let i = 0; i < 2; i++) {
      h.client.channel('feed:updates').subscribe({
        next: (event) => seen.push(event),
        complete: () => completed++,
      });
    }
    const socket = h.connectOpen();
    h.client.unsubscribe('feed:updates');
    expect(completed).toBe(2);
    expect(socket.framesOf('unsubscribe').map((frame) => frame.payload)).toEqual([
      { channel: 'feed:updates' },
    ]);
    socket.receive(feedEvent('p1'));
    expect(seen).toEqual([]);
    socket.serverClose();
    jest.advanceTimersByTime(1_000);
    h.sockets.last.open();
    expect(h.sockets.last.framesOf('subscribe')).toEqual([]);
  });

  it('errors the channel stream with channel_rejected when the subscribe ack fails', () => {
    let failure: RealtimeError | undefined;
    h.client.channel('conversation:secret').subscribe({ error: (error) => (failure = error) });
    const socket = h.connectOpen();
    socket.receive(ackErrorOf(socket.only('subscribe'), 'CHANNEL_NOT_FOUND'));
    expect(failure).toMatchObject({
      code: 'channel_rejected',
      channel: 'conversation:secret',
      serverCode: 'CHANNEL_NOT_FOUND',
    });
    expect(h.errors.map((error) => error.code)).toEqual(['channel_rejected']);
    expect(h.client.status).toBe('connected');
    // A rejected channel is not joined again after a reconnect.
    socket.serverClose();
    jest.advanceTimersByTime(1_000);
    h.sockets.last.open();
    expect(h.sockets.last.framesOf('subscribe')).toEqual([]);
  });

  it('a successful subscribe ack keeps the channel', () => {
    const seen: RealtimeMessage[] = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
    const socket = h.connectOpen();
    socket.receive(ackOf(socket.only('subscribe')));
    socket.receive(feedEvent('p1'));
    expect(postIds(seen)).toEqual(['p1']);
    expect(h.errors).toEqual([]);
  });

  it('drops a second event with the same id', () => {
    const seen: RealtimeMessage[] = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
    const socket = h.connectOpen();
    socket.receive(feedEvent('p1', { id: 'same' }));
    socket.receive(feedEvent('p1', { id: 'same' }));
    socket.receive(feedEvent('p2'));
    expect(postIds(seen)).toEqual(['p1', 'p2']);
  });

  it('runs one listener once per message after many reconnects', () => {
    const seen: RealtimeMessage[] = [];
    const typed: RealtimeMessage[] = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
    h.client.events('feed_update').subscribe((event) => typed.push(event));
    h.connectOpen();
    for (let i = 0; i < 5; i++) {
      h.sockets.last.serverClose();
      h.advanceToRetry().open();
    }
    h.client.reconnect();
    h.sockets.last.open();
    expect(h.sockets.count).toBe(7);
    h.sockets.last.receive(feedEvent('p1'));
    expect(postIds(seen)).toEqual(['p1']);
    expect(postIds(typed)).toEqual(['p1']);
    // Old sockets are detached: a frame they still deliver reaches nobody.
    const stale = h.sockets.sockets[0];
    stale.onmessage?.({ data: JSON.stringify(feedEvent('p-stale')) });
    expect(postIds(seen)).toEqual(['p1']);
  });
});
