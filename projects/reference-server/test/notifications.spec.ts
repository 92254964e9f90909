import { pushNotification, unreadCount } from '../src/features/notifications';
import { ackData, DomainHarness } from './domain-support';
import { waitFor } from './support';

describe('reference server: notifications', () => {
  const harness = new DomainHarness();

  beforeEach(() => harness.start());
  afterEach(() => harness.stop());

  it('pushes a notification with id, time, read flag and the unread count to every tab', async () => {
    const tab1 = await harness.connect('alice');
    const tab2 = await harness.connect('alice');
    const other = await harness.connect('bob');
    const sent = pushNotification(harness.context, 'alice', {
      type: 'like',
      actor_id: 'bob',
      actor_name: 'Bob',
      message: 'Bob liked your post',
      post_id: 'post_1',
    });
    expect(sent).toMatchObject({ type: 'like', read: false, unread_count: 1 });
    expect(sent.id).toEqual(expect.any(String));
    expect(Date.parse(sent.created_at)).not.toBeNaN();
    for (const tab of [tab1, tab2]) {
      const event = await tab.next((frame) => frame.type === 'notification');
      expect(event).toMatchObject({ channel: 'notifications', payload: sent });
      expect(event.seq).toEqual(expect.any(Number));
    }
    pushNotification(harness.context, 'alice', { type: 'follow' });
    await waitFor(() => tab1.ofType('notification').length === 2);
    expect(tab1.ofType('notification')[1].payload['unread_count']).toBe(2);
    expect(other.ofType('notification')).toEqual([]);
  });

  it('logs notifications for users who are offline, for their catch-up', async () => {
    pushNotification(harness.context, 'carol', { type: 'mention', id: 'n-offline' });
    const client = await harness.connect('carol');
    const missed = ackData<{ messages: { type: string; payload: { id: string } }[] }>(
      await client.request('get_missed_messages', { last_sequence: 0 }),
    );
    expect(missed.messages.map((event) => [event.type, event.payload.id])).toEqual([
      ['notification', 'n-offline'],
    ]);
  });

  it('refuses notifications the client would drop', () => {
    expect(() => pushNotification(harness.context, 'alice', { type: '' })).toThrow(/type/);
    expect(() =>
      pushNotification(harness.context, 'alice', {
        type: 'like',
        post_id: 42 as unknown as string,
      }),
    ).toThrow(/post_id/);
    expect(() =>
      pushNotification(harness.context, 'alice', { type: 'like', created_at: 'soon' }),
    ).toThrow(/created_at/);
    const normalized = pushNotification(harness.context, 'alice', {
      type: 'like',
      created_at: 'March 1, 2024 12:00 UTC',
    });
    expect(normalized.created_at).toBe('2024-03-01T12:00:00.000Z');
  });

  it('notification_read updates the count, acks it and tells the other tabs only', async () => {
    const tab1 = await harness.connect('alice');
    const tab2 = await harness.connect('alice');
    const first = pushNotification(harness.context, 'alice', { type: 'like' });
    pushNotification(harness.context, 'alice', { type: 'comment' });
    await waitFor(() => tab2.ofType('notification').length === 2);

    const answer = ackData(await tab1.request('notification_read', { notification_id: first.id }));
    expect(answer).toMatchObject({ notification_id: first.id, unread_count: 1 });
    expect(Date.parse(String(answer['read_at']))).not.toBeNaN();
    const synced = await tab2.next((frame) => frame.type === 'notification_read');
    expect(synced).toMatchObject({
      channel: 'notifications',
      payload: { notification_id: first.id, unread_count: 1 },
    });
    expect(tab1.ofType('notification_read')).toEqual([]);
    expect(unreadCount(harness.context, 'alice')).toBe(1);

    // Reading it again changes nothing and tells nobody.
    const again = ackData(await tab1.request('notification_read', { notification_id: first.id }));
    expect(again['unread_count']).toBe(1);
    const unknown = ackData(await tab1.request('notification_read', { notification_id: 'gone' }));
    expect(unknown['unread_count']).toBe(1);
    await tab2.request('heartbeat', {});
    expect(tab2.ofType('notification_read')).toHaveLength(1);
  });

  it('notification_read_all clears the count everywhere; the next push counts from zero', async () => {
    const tab1 = await harness.connect('alice');
    const tab2 = await harness.connect('alice');
    for (let i = 0; i < 3; i++) pushNotification(harness.context, 'alice', { type: 'like' });
    const answer = ackData(await tab1.request('notification_read_all', {}));
    expect(answer).toMatchObject({ unread_count: 0 });
    const synced = await tab2.next((frame) => frame.type === 'notification_read_all');
    expect(synced.payload['unread_count']).toBe(0);
    expect(tab1.ofType('notification_read_all')).toEqual([]);
    expect(pushNotification(harness.context, 'alice', { type: 'like' }).unread_count).toBe(1);
  });

  it('answers a bad notification_read with INVALID_MESSAGE', async () => {
    const client = await harness.connect('alice');
    const refused = await client.request('notification_read', { notification_id: 7 });
    expect(refused).toMatchObject({ type: 'error', payload: { code: 'INVALID_MESSAGE' } });
  });

  it('a restart forgets unread counts', async () => {
    pushNotification(harness.context, 'alice', { type: 'like' });
    harness.server.restart();
    expect(unreadCount(harness.context, 'alice')).toBe(0);
    expect(pushNotification(harness.context, 'alice', { type: 'like' }).unread_count).toBe(1);
  });

  it('keeps a bounded inbox: the oldest notifications are forgotten', async () => {
    for (let i = 0; i < 1005; i++) pushNotification(harness.context, 'dave', { type: 'like' });
    expect(unreadCount(harness.context, 'dave')).toBe(1000);
  });
});
