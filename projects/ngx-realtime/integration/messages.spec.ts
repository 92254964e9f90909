/*
 * MessagesRealtime for two users against the real reference server: a members-only
 * conversation (the server delivers `message` to every member's sockets), statuses driven by
 * the server's acks, delivery and read receipts, typing indicators. Real sockets and timers;
 * every wait polls a condition (see support/).
 */
import {
  MessagesRealtime,
  withMessages,
  type ChatMessage,
  type MessagesOptions,
} from 'ngx-realtime';
import {
  killConnections,
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  useNodeTimers,
  waitFor,
  type ReferenceServer,
} from './support/reference-server';

const statusOf = (messages: readonly ChatMessage[]) => messages.map((message) => message.status);

describe('integration: MessagesRealtime against the reference server', () => {
  let server: ReferenceServer;
  let alice: RealtimeHarness;
  let bob: RealtimeHarness;
  useNodeTimers();

  async function start(aliceOptions: MessagesOptions = {}, bobOptions: MessagesOptions = {}) {
    alice = RealtimeHarness.inTestBed(server, {
      userId: 'alice',
      features: [withMessages(aliceOptions)],
    });
    bob = RealtimeHarness.forUser(server, { userId: 'bob', features: [withMessages(bobOptions)] });
    alice.service.connect();
    bob.service.connect();
    await alice.reach('connected');
    await bob.reach('connected');
    return { a: alice.get(MessagesRealtime), b: bob.get(MessagesRealtime) };
  }

  beforeEach(async () => {
    server = await startReferenceServer({ conversations: { dm1: ['alice', 'bob'] } });
  });

  afterEach(async () => {
    bob?.destroy();
    alice?.destroy();
    await stopReferenceServer(server);
  });

  it('A sends, B sees it; A sees sent, then delivered, then read once B reads it', async () => {
    const { a, b } = await start();
    a.openConversation('dm1');
    b.openConversation('dm1');
    await alice.joined('conversation:dm1');
    await bob.joined('conversation:dm1');

    const sent = a.sendMessage('dm1', 'hello bob');
    expect(sent?.status).toBe('sending');
    const inbox = b.messages('dm1');
    await waitFor(() => inbox().length === 1, 'the message at bob');
    expect(inbox()[0]).toMatchObject({ content: 'hello bob', senderId: 'alice', mine: false });
    expect(b.unreadCount('dm1')()).toBe(1);

    const outbox = a.messages('dm1');
    await waitFor(
      () => outbox()[0]?.status === 'delivered',
      'delivered',
      4_000,
      () => statusOf(outbox()).join(),
    );
    // The server id replaced the client id: the one bob got.
    expect(outbox()).toEqual([
      expect.objectContaining({ key: sent?.key, id: inbox()[0].id, status: 'delivered' }),
    ]);

    b.markRead('dm1', [inbox()[0].id]);
    expect(b.totalUnread()).toBe(0);
    await waitFor(
      () => outbox()[0]?.status === 'read',
      'read',
      4_000,
      () => statusOf(outbox()).join(),
    );
    expect(outbox()).toHaveLength(1);
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('counts a message for a conversation B has not opened as unread', async () => {
    const { a, b } = await start();
    a.openConversation('dm1');
    await alice.joined('conversation:dm1');

    a.sendMessage('dm1', 'are you there?');
    await waitFor(() => b.totalUnread() === 1, 'the unread count at bob');
    expect(b.unreadCounts().get('dm1')).toBe(1);
    expect(b.messages('dm1')()[0].content).toBe('are you there?');
  });

  it('shows A typing to B, and the indicator expires without a typing_stop', async () => {
    // Alice's own idle stop is far away: only bob's expiry can clear the indicator.
    const { a, b } = await start({ typingIdleMs: 60_000 }, { typingExpiryMs: 300 });
    a.openConversation('dm1');
    b.openConversation('dm1');
    await alice.joined('conversation:dm1');
    await bob.joined('conversation:dm1');

    a.typing('dm1').input();
    const typists = b.typingUsers('dm1');
    await waitFor(() => typists().length === 1, 'alice typing at bob');
    expect(typists()[0]).toMatchObject({ userId: 'alice', username: expect.any(String) });
    expect(a.typingUsers('dm1')()).toEqual([]);
    await waitFor(() => typists().length === 0, 'the indicator to expire');
  });

  it('clears the indicator when A sends', async () => {
    const { a, b } = await start();
    a.openConversation('dm1');
    b.openConversation('dm1');
    await alice.joined('conversation:dm1');
    await bob.joined('conversation:dm1');

    a.typing('dm1').input();
    const typists = b.typingUsers('dm1');
    await waitFor(() => typists().length === 1, 'alice typing at bob');
    a.sendMessage('dm1', 'done typing');
    await waitFor(() => typists().length === 0 && b.messages('dm1')().length === 1, 'the message');
  });

  it('keeps a message sent offline as sending and sends it once on reconnect', async () => {
    const { a, b } = await start();
    a.openConversation('dm1');
    await alice.joined('conversation:dm1');

    server.faults.refuseUpgrades = true;
    killConnections(server);
    await waitFor(() => !alice.service.isConnected(), 'alice offline');
    a.sendMessage('dm1', 'sent from a tunnel');
    expect(statusOf(a.messages('dm1')())).toEqual(['sending']);

    server.faults.refuseUpgrades = false;
    alice.service.reconnect();
    const outbox = a.messages('dm1');
    await waitFor(() => outbox()[0]?.status === 'delivered', 'delivered after the reconnect');
    await waitFor(() => b.messages('dm1')().length === 1, 'the message at bob');
    expect(b.messages('dm1')()[0].content).toBe('sent from a tunnel');
    const stored = [...server.hub.session('alice').received].filter(
      (frame) => frame.type === 'send_message',
    );
    expect(stored).toHaveLength(1);
  });
});
