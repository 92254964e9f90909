import { ErrorHandler } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  MessagesRealtime,
  provideRealtime,
  WebSocketService,
  withMessages,
  type ChatMessage,
  type DirectMessagePayload,
  type MessagesOptions,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { Subject } from 'rxjs';

function setup(options: MessagesOptions = {}) {
  const errors: unknown[] = [];
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me', reportToErrorHandler: false },
        withMessages(options),
      ),
      provideRealtimeTesting(),
      { provide: ErrorHandler, useValue: { handleError: (error: unknown) => errors.push(error) } },
    ],
  });
  const realtime = TestBed.inject(WebSocketService);
  const controller = TestBed.inject(RealtimeTestingController);
  const chat = TestBed.inject(MessagesRealtime);
  return { realtime, controller, chat, errors };
}

/** The stored message as the reference server acks it. */
function stored(
  id: string,
  content: string,
  createdAt: string,
  senderId = 'me',
): DirectMessagePayload {
  return {
    id,
    conversation_id: 'c1',
    sender_id: senderId,
    content,
    created_at: createdAt,
    is_read: false,
    sender: { id: senderId, username: senderId },
  };
}

const summary = (messages: readonly ChatMessage[]) =>
  messages.map((message) => `${message.id}:${message.status}`);

describe('MessagesRealtime: sending', () => {
  afterEach(() => jest.useRealTimers());

  it('shows the message at once as sending, then sent with the server id and time', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    const messages = chat.messages('c1');

    const sent = chat.sendMessage('c1', 'hello');
    expect(sent).toMatchObject({ content: 'hello', status: 'sending', mine: true, senderId: 'me' });
    expect(messages()).toEqual([sent]);

    const frame = controller.expectSent('send_message');
    expect(frame.payload).toEqual({ conversation_id: 'c1', content: 'hello' });
    expect(frame.id).toBe(sent?.key);
    controller.ack(frame, stored('srv-1', 'hello', '2030-01-01T10:00:00.000Z'));

    expect(messages()).toEqual([
      expect.objectContaining({
        key: sent?.key,
        id: 'srv-1',
        status: 'sent',
        createdAt: '2030-01-01T10:00:00.000Z',
        sender: { id: 'me', username: 'me' },
      }),
    ]);
    controller.verify();
  });

  it('moves to delivered, then read, and never back', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    chat.sendMessage('c1', 'hello');
    controller.ack(
      controller.expectSent('send_message'),
      stored('srv-1', 'hello', '2030-01-01T10:00:00Z'),
    );
    const receipt = { conversation_id: 'c1', message_ids: ['srv-1'] };

    controller.emit('conversation:c1', 'message_delivered', { ...receipt, user_id: 'ann' });
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:delivered']);
    controller.emit('conversation:c1', 'read_receipt', { ...receipt, user_id: 'ann' });
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:read']);
    controller.emit('conversation:c1', 'message_delivered', { ...receipt, user_id: 'bob' });
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:read']);
  });

  it('keeps a delivery receipt that overtook the ack (the server sends it first)', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    chat.sendMessage('c1', 'hello');
    const frame = controller.expectSent('send_message');
    controller.emit('conversation:c1', 'message_delivered', {
      conversation_id: 'c1',
      message_ids: ['srv-1'],
      user_id: 'ann',
    });
    expect(summary(chat.messages('c1')())).toEqual([`${frame.id}:sending`]);
    controller.ack(frame, stored('srv-1', 'hello', '2030-01-01T10:00:00Z'));
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:delivered']);
  });

  it('ignores receipts that name the user as the recipient, and ones for other people’s messages', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    chat.sendMessage('c1', 'mine');
    controller.ack(
      controller.expectSent('send_message'),
      stored('srv-1', 'mine', '2030-01-01T10:00:00Z'),
    );
    controller.emit(
      'conversation:c1',
      'message',
      stored('srv-2', 'theirs', '2030-01-01T10:00:01Z', 'ann'),
    );
    controller.emit('conversation:c1', 'message_delivered', {
      conversation_id: 'c1',
      message_ids: ['srv-1'],
      user_id: 'me',
    });
    controller.emit('conversation:c1', 'read_receipt', {
      conversation_id: 'c1',
      message_ids: ['srv-2'],
      user_id: 'bob',
    });
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:sent', 'srv-2:delivered']);
  });

  it('lists a message once when the ack and an event (or a replay) both bring it', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    chat.sendMessage('c1', 'hello');
    const frame = controller.expectSent('send_message');
    const message = stored('srv-1', 'hello', '2030-01-01T10:00:00Z');
    // The echo for another device arrives first, here through a catch-up replay.
    controller.emit('conversation:c1', 'message', message, { id: 'evt-1' });
    controller.ack(frame, message);
    controller.emit('conversation:c1', 'message', message, { id: 'evt-2' });

    expect(summary(chat.messages('c1')())).toEqual(['srv-1:sent']);
    expect(chat.messages('c1')()[0].key).toBe(frame.id);
    expect(chat.totalUnread()).toBe(0);
  });

  it('orders by server time, not by arrival', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    controller.emit(null, 'message', stored('b', 'second', '2030-01-01T10:00:02Z', 'ann'));
    controller.emit(null, 'message', stored('c', 'third', '2030-01-01T10:00:03Z', 'ann'));
    controller.emit(null, 'message', stored('a', 'first', '2030-01-01T10:00:01Z', 'ann'));
    chat.sendMessage('c1', 'mine');
    controller.ack(
      controller.expectSent('send_message'),
      stored('m', 'mine', '2030-01-01T10:00:02.500Z'),
    );

    expect(
      chat
        .messages('c1')()
        .map((message) => message.content),
    ).toEqual(['first', 'second', 'mine', 'third']);
  });

  it('fails on a server error and retries with the same id, applied once', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    const sent = chat.sendMessage('c1', 'hello') as ChatMessage;
    const first = controller.expectSent('send_message');
    controller.fail(first, 'RATE_LIMITED');

    const [failed] = chat.messages('c1')();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'server_error', serverCode: 'RATE_LIMITED' });

    expect(chat.retry(failed)).toBe(true);
    expect(chat.messages('c1')()[0]).toMatchObject({ status: 'sending', error: undefined });
    const second = controller.expectSent('send_message');
    expect(second.id).toBe(first.id);
    expect(second.id).toBe(sent.key);
    controller.ack(second, stored('srv-1', 'hello', '2030-01-01T10:00:00Z'));
    expect(summary(chat.messages('c1')())).toEqual(['srv-1:sent']);
    expect(chat.retry(chat.messages('c1')()[0])).toBe(false);
    controller.verify();
  });

  it('fails after the send timeout, withdraws the message, and discard() removes it', () => {
    jest.useFakeTimers();
    const { controller, chat } = setup({ sendTimeoutMs: 60_000 });
    // Never connected: the message waits in the outbox.
    chat.sendMessage('c1', 'hello');
    jest.advanceTimersByTime(59_999);
    expect(chat.messages('c1')()[0].status).toBe('sending');
    jest.advanceTimersByTime(1);
    const [failed] = chat.messages('c1')();
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'ack_timeout' } });

    TestBed.inject(WebSocketService).connect();
    controller.expectNone('send_message');
    expect(chat.discard(failed)).toBe(true);
    expect(chat.messages('c1')()).toEqual([]);
    expect(chat.discard(failed)).toBe(false);
  });

  it('keeps messages sent offline as sending and sends them in order on reconnect', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    controller.refuseConnections('network');
    controller.disconnect();
    chat.sendMessage('c1', 'one');
    chat.sendMessage('c1', 'two');
    expect(summary(chat.messages('c1')()).map((entry) => entry.split(':')[1])).toEqual([
      'sending',
      'sending',
    ]);
    controller.expectNone('send_message');

    controller.acceptConnections();
    realtime.reconnect();
    const [one, two] = controller.match('send_message');
    expect([one.payload['content'], two.payload['content']]).toEqual(['one', 'two']);
    controller.ack(one, stored('s1', 'one', '2030-01-01T10:00:00Z'));
    controller.ack(two, stored('s2', 'two', '2030-01-01T10:00:01Z'));
    expect(summary(chat.messages('c1')())).toEqual(['s1:sent', 's2:sent']);
  });

  it('refuses empty input without throwing or sending', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    expect(chat.sendMessage('c1', '   ')).toBeNull();
    expect(chat.sendMessage('', 'hi')).toBeNull();
    expect(chat.sendMessage('c1', 42 as unknown as string)).toBeNull();
    controller.expectNone('send_message');
  });

  it('keeps a message sent when the ack carries no stored message', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    const sent = chat.sendMessage('c1', 'hello') as ChatMessage;
    controller.ack(controller.expectSent('send_message'), { ok: true });
    expect(summary(chat.messages('c1')())).toEqual([`${sent.key}:sent`]);
  });

  it('drops malformed message events and bad receipts without throwing', () => {
    const { realtime, controller, chat } = setup();
    realtime.connect();
    controller.emit(null, 'message', {
      id: 'x',
      conversation_id: 'c1',
      sender_id: 'ann',
      content: 'hi',
    });
    controller.emit(null, 'message_delivered', {
      conversation_id: 'c1',
      message_ids: [],
      user_id: 'ann',
    });
    controller.emit(null, 'read_receipt', { conversation_id: 'c9', message_ids: ['nope'] });
    expect(chat.messages('c1')()).toEqual([]);
    expect(chat.totalUnread()).toBe(0);
  });

  it('lists unsent messages last, keeps the newest stored ones, never drops unsent ones', () => {
    const { realtime, controller, chat } = setup({ maxMessagesPerConversation: 3 });
    realtime.connect();
    controller.refuseConnections('network');
    controller.disconnect();
    chat.sendMessage('c1', 'pending');
    controller.acceptConnections();
    realtime.reconnect();
    for (let i = 1; i <= 5; i++)
      controller.emit(null, 'message', stored(`m${i}`, `m${i}`, `2030-01-01T10:00:0${i}Z`, 'ann'));
    expect(
      chat
        .messages('c1')()
        .map((message) => message.content),
    ).toEqual(['m4', 'm5', 'pending']);
  });

  describe('through the app (sendMessage option)', () => {
    /** An app-side sender (a REST call, say) whose answers the test decides. */
    function appSender() {
      const calls: { conversationId: string; content: string; clientId: string }[] = [];
      const answers: Subject<unknown>[] = [];
      const sendMessage = (message: (typeof calls)[number]) => {
        calls.push(message);
        const answer = new Subject<unknown>();
        answers.push(answer);
        return answer;
      };
      return { calls, answers, sendMessage };
    }

    it('confirms the message with what the app returns, and sends nothing over the socket', () => {
      const sender = appSender();
      const { realtime, controller, chat } = setup({ sendMessage: sender.sendMessage });
      realtime.connect();
      const sent = chat.sendMessage('c1', 'over REST');
      expect(sender.calls).toEqual([
        { conversationId: 'c1', content: 'over REST', clientId: sent?.key },
      ]);
      expect(summary(chat.messages('c1')())).toEqual([`${sent?.key}:sending`]);
      sender.answers[0]?.next(stored('srv-9', 'over REST', '2030-01-01T10:00:00.000Z'));
      expect(summary(chat.messages('c1')())).toEqual(['srv-9:sent']);
      controller.expectNone('send_message');
      controller.verify();
    });

    it('marks it failed when the app fails, and retries with the same client id', () => {
      const sender = appSender();
      const { realtime, chat } = setup({ sendMessage: sender.sendMessage });
      realtime.connect();
      const sent = chat.sendMessage('c1', 'flaky') as ChatMessage;
      sender.answers[0]?.error(new Error('HTTP 503'));
      const failed = chat.messages('c1')()[0] as ChatMessage;
      expect(failed.status).toBe('failed');
      expect(chat.retry(failed)).toBe(true);
      expect(sender.calls.map((call) => call.clientId)).toEqual([sent.key, sent.key]);
      sender.answers[1]?.next(stored('srv-10', 'flaky', '2030-01-01T10:00:00.000Z'));
      expect(summary(chat.messages('c1')())).toEqual(['srv-10:sent']);
    });

    it('fails a message the app never confirms after sendTimeoutMs', () => {
      jest.useFakeTimers();
      const sender = appSender();
      const { realtime, chat } = setup({ sendMessage: sender.sendMessage, sendTimeoutMs: 1_000 });
      realtime.connect();
      chat.sendMessage('c1', 'lost');
      jest.advanceTimersByTime(999);
      expect(chat.messages('c1')()[0]?.status).toBe('sending');
      jest.advanceTimersByTime(1);
      expect(chat.messages('c1')()[0]).toMatchObject({ status: 'failed' });
    });
  });
});
