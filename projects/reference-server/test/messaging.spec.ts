import { setConversationMembers } from '../src/features/conversations';
import { sendMessage } from '../src/features/messages';
import { ackData, DomainHarness } from './domain-support';
import { waitFor, type Received } from './support';

const isType = (type: string) => (frame: Received) => frame.type === type;

describe('reference server: messaging', () => {
  const harness = new DomainHarness();

  beforeEach(() => harness.start({ readReceiptBatchMs: 40 }));
  afterEach(() => harness.stop());

  describe('conversations', () => {
    it('conversation_join and conversation_leave move the socket in and out of the channel', async () => {
      const alice = await harness.connect('alice');
      const joined = ackData(await alice.request('conversation_join', { conversation_id: 'c1' }));
      expect(joined).toEqual({ conversation_id: 'c1', channel: 'conversation:c1' });
      const [connection] = harness.server.hub.session('alice').connections;
      expect(connection.subscriptions.has('conversation:c1')).toBe(true);
      await alice.request('conversation_leave', { conversation_id: 'c1' });
      expect(connection.subscriptions.has('conversation:c1')).toBe(false);
      expect(harness.server.hub.session('alice').wants('conversation:c1')).toBe(false);
    });

    it('a conversation without members admits everyone, also through subscribe', async () => {
      const carol = await harness.connect('carol');
      const answer = await carol.request('subscribe', { channel: 'conversation:anything' });
      expect(answer.type).toBe('ack');
      const empty = await carol.request('subscribe', { channel: 'conversation:' });
      expect(empty.payload['code']).toBe('CHANNEL_NOT_FOUND');
    });

    it('a conversation with members refuses everyone else with FORBIDDEN', async () => {
      await harness.restartWith({ conversations: { c1: ['alice', 'bob'] } });
      const alice = await harness.connect('alice');
      const carol = await harness.connect('carol');
      expect(ackData(await alice.request('conversation_join', { conversation_id: 'c1' }))).toEqual({
        conversation_id: 'c1',
        channel: 'conversation:c1',
        members: ['alice', 'bob'],
      });
      for (const [type, payload] of [
        ['conversation_join', { conversation_id: 'c1' }],
        ['subscribe', { channel: 'conversation:c1' }],
        ['send_message', { conversation_id: 'c1', content: 'let me in' }],
        ['typing_start', { conversation_id: 'c1' }],
        ['read_receipt', { conversation_id: 'c1', message_ids: ['m1'] }],
      ] as const) {
        const refused = await carol.request(type, payload);
        expect(refused).toMatchObject({
          type: 'error',
          payload: { code: 'FORBIDDEN', details: { conversation_id: 'c1' } },
        });
      }
      expect(alice.ofType('message')).toEqual([]);
    });

    it('members set at runtime take effect at once; an empty list opens it again', async () => {
      const alice = await harness.joined('alice', 'c2');
      const carol = await harness.joined('carol', 'c2');
      setConversationMembers(harness.context, 'c2', ['alice', 'bob']);
      expect(harness.server.hub.session('carol').wants('conversation:c2')).toBe(false);
      const refused = await carol.request('conversation_join', { conversation_id: 'c2' });
      expect(refused.payload['code']).toBe('FORBIDDEN');
      await alice.request('send_message', { conversation_id: 'c2', content: 'members only' });
      setConversationMembers(harness.context, 'c2', []);
      expect((await carol.request('conversation_join', { conversation_id: 'c2' })).type).toBe(
        'ack',
      );
      await alice.request('send_message', { conversation_id: 'c2', content: 'open again' });
      const got = await carol.next(isType('message'));
      expect(got.payload['content']).toBe('open again');
      expect(carol.ofType('message')).toHaveLength(1);
    });

    it('the authorizeConversation hook decides when given', async () => {
      await harness.restartWith({
        authorizeConversation: (userId, conversationId) => conversationId.includes(userId),
      });
      const alice = await harness.connect('alice');
      expect(
        (await alice.request('conversation_join', { conversation_id: 'alice-bob' })).type,
      ).toBe('ack');
      const refused = await alice.request('conversation_join', { conversation_id: 'bob-carol' });
      expect(refused.payload['code']).toBe('FORBIDDEN');
    });
  });

  describe('send_message', () => {
    it('acks the stored message and delivers it to the other participants and tabs', async () => {
      const alice = await harness.joined('alice', 'c1');
      const aliceTab2 = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const carol = await harness.connect('carol');

      const stored = ackData(
        await alice.request('send_message', { conversation_id: 'c1', content: 'Hello!' }),
      );
      expect(stored).toEqual({
        id: expect.any(String),
        conversation_id: 'c1',
        sender_id: 'alice',
        content: 'Hello!',
        created_at: expect.any(String),
        is_read: false,
        sender: { id: 'alice', username: 'alice', display_name: 'alice' },
      });
      const atBob = await bob.next(isType('message'));
      expect(atBob).toMatchObject({ channel: 'conversation:c1', payload: stored });
      expect(atBob.seq).toEqual(expect.any(Number));
      expect((await aliceTab2.next(isType('message'))).payload).toEqual(stored);
      await alice.request('heartbeat', {});
      expect(alice.ofType('message')).toEqual([]);
      expect(carol.ofType('message')).toEqual([]);
    });

    it('delivers to members who have not opened the conversation, and logs it for the offline', async () => {
      await harness.restartWith({ conversations: { dm: ['alice', 'bob', 'dave'] } });
      const alice = await harness.joined('alice', 'dm');
      const bob = await harness.connect('bob');
      await alice.request('send_message', { conversation_id: 'dm', content: 'ping' });
      expect((await bob.next(isType('message'))).payload['content']).toBe('ping');
      const dave = await harness.connect('dave');
      const missed = ackData<{ messages: { type: string }[] }>(
        await dave.request('get_missed_messages', { last_sequence: 0 }),
      );
      expect(missed.messages.map((event) => event.type)).toEqual(['message']);
    });

    it('refuses empty, oversized or misaddressed messages with INVALID_MESSAGE', async () => {
      const alice = await harness.connect('alice');
      for (const payload of [
        { conversation_id: 'c1', content: '   ' },
        { conversation_id: 'c1', content: 'x'.repeat(10_001) },
        { conversation_id: 'c1' },
        { content: 'where to?' },
        { conversation_id: '', content: 'hi' },
      ]) {
        const refused = await alice.request('send_message', payload);
        expect(refused.payload['code']).toBe('INVALID_MESSAGE');
      }
    });

    it('a resent message is acked with the same stored message and delivered once', async () => {
      const alice = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const payload = { conversation_id: 'c1', content: 'once' };
      const first = ackData(await alice.request('send_message', payload, { id: 'same' }));
      const again = ackData(await alice.request('send_message', payload, { id: 'same' }));
      expect(again).toEqual(first);
      await bob.next(isType('message'));
      await bob.request('heartbeat', {});
      expect(bob.ofType('message')).toHaveLength(1);
    });

    it('works over HTTP (polling mode): join and send without a socket', async () => {
      const bob = await harness.joined('bob', 'c1');
      const aliceTab = await harness.joined('alice', 'c1');
      const frame = (type: string, payload: object) =>
        JSON.stringify({ id: `h-${type}`, type, payload, ack_id: `h-${type}` });
      await harness.server.runFrame('alice', frame('conversation_join', { conversation_id: 'c1' }));
      const answer = await harness.server.runFrame(
        'alice',
        frame('send_message', { conversation_id: 'c1', content: 'from a poller' }),
      );
      expect(answer.ack).toMatchObject({ status: 'success', data: { content: 'from a poller' } });
      await bob.next(isType('message'));
      // No socket sent it, so every socket of the sender gets it.
      await aliceTab.next(isType('message'));
    });
  });

  describe('delivery receipts (extension: message_delivered)', () => {
    it('tells the sender when a recipient socket got the message', async () => {
      const alice = await harness.joined('alice', 'c1');
      await harness.joined('bob', 'c1');
      const stored = ackData(
        await alice.request('send_message', { conversation_id: 'c1', content: 'hi' }),
      );
      const receipt = await alice.next(isType('message_delivered'));
      expect(receipt).toMatchObject({
        channel: 'conversation:c1',
        payload: { conversation_id: 'c1', message_ids: [stored['id']], user_id: 'bob' },
      });
      expect(Date.parse(String(receipt.payload['delivered_at']))).not.toBeNaN();
    });

    it('tells the sender once an offline recipient connects again', async () => {
      await harness.restartWith({ conversations: { dm: ['alice', 'dave'] } });
      const alice = await harness.connect('alice');
      const ids: unknown[] = [];
      for (const content of ['one', 'two'])
        ids.push(
          ackData(await alice.request('send_message', { conversation_id: 'dm', content }))['id'],
        );
      await alice.request('heartbeat', {});
      expect(alice.ofType('message_delivered')).toEqual([]);
      await harness.connect('dave');
      const receipt = await alice.next(isType('message_delivered'));
      expect(receipt.payload).toMatchObject({ message_ids: ids, user_id: 'dave' });
    });

    it('messages sent from the server side (the simulator) are delivered the same way', async () => {
      const bob = await harness.joined('bob', 'c1');
      const stored = sendMessage(harness.context, 'robot', 'c1', 'beep');
      expect((await bob.next(isType('message'))).payload).toEqual(stored);
    });
  });

  describe('read receipts', () => {
    it('batches reads per conversation and broadcasts one read_receipt to the others', async () => {
      await harness.restartWith({ readReceiptBatchMs: 300 });
      const alice = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const ids: string[] = [];
      for (const content of ['a', 'b', 'c'])
        ids.push(
          ackData<{ id: string }>(
            await alice.request('send_message', { conversation_id: 'c1', content }),
          ).id,
        );
      await waitFor(() => bob.ofType('message').length === 3);
      const first = ackData(
        await bob.request('read_receipt', { conversation_id: 'c1', message_ids: [ids[0]] }),
      );
      expect(first).toMatchObject({ conversation_id: 'c1', message_ids: [ids[0]], shared: true });
      await bob.request('mark_read', { conversation_id: 'c1', message_ids: [ids[1], ids[2]] });
      const receipt = await alice.next(isType('read_receipt'));
      expect(receipt).toMatchObject({
        channel: 'conversation:c1',
        payload: { conversation_id: 'c1', message_ids: ids, user_id: 'bob' },
      });
      expect(Date.parse(String(receipt.payload['read_at']))).not.toBeNaN();
      expect(alice.ofType('read_receipt')).toHaveLength(1);
      expect(bob.ofType('read_receipt')).toEqual([]);
    });

    it('skips the reader own messages and messages already read', async () => {
      const alice = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const own = ackData<{ id: string }>(
        await bob.request('send_message', { conversation_id: 'c1', content: 'mine' }),
      ).id;
      const theirs = ackData<{ id: string }>(
        await alice.request('send_message', { conversation_id: 'c1', content: 'yours' }),
      ).id;
      const answer = ackData(
        await bob.request('read_receipt', { conversation_id: 'c1', message_ids: [own, theirs] }),
      );
      expect(answer['message_ids']).toEqual([theirs]);
      const again = ackData(
        await bob.request('read_receipt', { conversation_id: 'c1', message_ids: [theirs] }),
      );
      expect(again['message_ids']).toEqual([]);
      await alice.next(isType('read_receipt'));
      expect(alice.ofType('read_receipt')[0].payload['message_ids']).toEqual([theirs]);
    });

    it('set_read_receipts {enabled: false}: reads are acked but nobody is told', async () => {
      const alice = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const carol = await harness.joined('carol', 'c1');
      const id = ackData<{ id: string }>(
        await alice.request('send_message', { conversation_id: 'c1', content: 'seen?' }),
      ).id;
      expect(ackData(await bob.request('set_read_receipts', { enabled: false }))).toEqual({
        enabled: false,
      });
      const hidden = ackData(
        await bob.request('read_receipt', { conversation_id: 'c1', message_ids: [id] }),
      );
      expect(hidden).toMatchObject({ message_ids: [id], shared: false });
      // Carol reads later: her receipt is flushed after Bob's would have been.
      await carol.request('read_receipt', { conversation_id: 'c1', message_ids: [id] });
      const receipt = await alice.next(isType('read_receipt'));
      expect(receipt.payload['user_id']).toBe('carol');
      expect(alice.ofType('read_receipt')).toHaveLength(1);

      await bob.request('set_read_receipts', { enabled: true });
      const next = ackData<{ id: string }>(
        await alice.request('send_message', { conversation_id: 'c1', content: 'now?' }),
      ).id;
      await bob.request('read_receipt', { conversation_id: 'c1', message_ids: [next] });
      await waitFor(() => alice.ofType('read_receipt').length === 2);
      expect(alice.ofType('read_receipt')[1].payload['user_id']).toBe('bob');
    });

    it('turning receipts off while a batch waits keeps that batch private too', async () => {
      await harness.restartWith({ readReceiptBatchMs: 150 });
      const alice = await harness.joined('alice', 'c1');
      const bob = await harness.joined('bob', 'c1');
      const carol = await harness.joined('carol', 'c1');
      await bob.request('read_receipt', { conversation_id: 'c1', message_ids: ['m1'] });
      await bob.request('set_read_receipts', { enabled: false });
      await carol.request('read_receipt', { conversation_id: 'c1', message_ids: ['m1'] });
      await alice.next(isType('read_receipt'));
      expect(alice.ofType('read_receipt').map((frame) => frame.payload['user_id'])).toEqual([
        'carol',
      ]);
    });

    it('validates read_receipt and set_read_receipts', async () => {
      const bob = await harness.connect('bob');
      for (const [type, payload] of [
        ['read_receipt', { conversation_id: 'c1', message_ids: [] }],
        ['read_receipt', { conversation_id: 'c1', message_ids: [1] }],
        ['mark_read', { conversation_id: 'c1' }],
        ['set_read_receipts', { enabled: 'no' }],
      ] as const) {
        expect((await bob.request(type, payload)).payload['code']).toBe('INVALID_MESSAGE');
      }
    });
  });

  it('a restart forgets messages and runtime members', async () => {
    setConversationMembers(harness.context, 'c9', ['alice']);
    harness.server.restart();
    const carol = await harness.connect('carol');
    expect((await carol.request('conversation_join', { conversation_id: 'c9' })).type).toBe('ack');
  });
});
