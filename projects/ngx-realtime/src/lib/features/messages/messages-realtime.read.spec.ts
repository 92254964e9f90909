import { ErrorHandler } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  MessagesRealtime,
  provideRealtime,
  WebSocketService,
  withMessages,
  type DirectMessagePayload,
  type MessagesOptions,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

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
  realtime.connect();
  expect(controller.isConnected).toBe(true);
  return { realtime, controller, chat, errors };
}

function message(id: string, conversationId = 'c1', senderId = 'ann'): DirectMessagePayload {
  return {
    id,
    conversation_id: conversationId,
    sender_id: senderId,
    content: `text ${id}`,
    created_at: `2030-01-01T10:00:${id.replace(/\D/g, '').padStart(2, '0')}Z`,
  };
}

function deliver(controller: RealtimeTestingController, payload: DirectMessagePayload): void {
  controller.emit(`conversation:${payload.conversation_id}`, 'message', payload);
}

const receipts = (controller: RealtimeTestingController) =>
  controller.match('read_receipt').map((frame) => frame.payload);

describe('MessagesRealtime: conversations, unread counts and read receipts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('joins conversation:{id} once for several holders and leaves after the last', () => {
    const { controller, chat } = setup();
    chat.openConversation('c1');
    chat.openConversation('c1');
    controller.expectSubscribe('conversation:c1');
    chat.closeConversation('c1');
    expect(() => controller.expectUnsubscribe('conversation:c1')).toThrow();
    chat.closeConversation('c1');
    controller.expectUnsubscribe('conversation:c1');
    chat.closeConversation('c1'); // one too many: ignored
    chat.openConversation('');
    controller.verify();
  });

  it('opens again after the server refused the channel', () => {
    const { controller, chat } = setup();
    chat.openConversation('c1');
    controller.fail(controller.expectSubscribe('conversation:c1'), 'FORBIDDEN');
    chat.openConversation('c1');
    controller.expectSubscribe('conversation:c1');
  });

  it('counts messages from others as unread, per conversation and in total', () => {
    const { controller, chat } = setup();
    const c1 = chat.unreadCount('c1');
    deliver(controller, message('m1'));
    deliver(controller, message('m2'));
    deliver(controller, message('m3', 'c2'));
    deliver(controller, message('m4', 'c1', 'me')); // sent from another device
    deliver(controller, { ...message('m5'), is_read: true });
    deliver(controller, message('m1')); // duplicate
    expect(c1()).toBe(2);
    expect(chat.totalUnread()).toBe(3);
    expect(chat.unreadCounts()).toEqual(
      new Map([
        ['c1', 2],
        ['c2', 1],
      ]),
    );
  });

  it('drops the count at once and batches receipts into one frame per conversation', () => {
    const { controller, chat } = setup();
    for (const id of ['m1', 'm2', 'm3']) deliver(controller, message(id));
    deliver(controller, message('m4', 'c2'));
    chat.markRead('c1', ['m1']);
    chat.markRead('c1', ['m2', 'm1']);
    chat.markRead('c2', ['m4']);
    expect(chat.unreadCount('c1')()).toBe(1);
    expect(chat.totalUnread()).toBe(1);
    expect(
      chat
        .messages('c1')()
        .map((m) => m.status),
    ).toEqual(['read', 'read', 'delivered']);
    expect(receipts(controller)).toEqual([]);

    jest.advanceTimersByTime(300);
    expect(receipts(controller)).toEqual([
      { conversation_id: 'c1', message_ids: ['m1', 'm2'] },
      { conversation_id: 'c2', message_ids: ['m4'] },
    ]);
  });

  it("leaves out the user's own and already read messages, keeps unknown ids", () => {
    const { controller, chat } = setup();
    deliver(controller, message('m1'));
    deliver(controller, message('m2', 'c1', 'me'));
    chat.markRead('c1', ['m1']);
    jest.advanceTimersByTime(300);
    receipts(controller);
    chat.markRead('c1', ['m1', 'm2', 'older', 7 as unknown as string]);
    jest.advanceTimersByTime(300);
    expect(receipts(controller)).toEqual([{ conversation_id: 'c1', message_ids: ['older'] }]);
    chat.markRead('c1', ['m1']);
    jest.advanceTimersByTime(300);
    controller.expectNone('read_receipt');
  });

  it('splits a large batch into frames of at most 500 ids', () => {
    const { controller, chat } = setup();
    chat.markRead(
      'c1',
      Array.from({ length: 600 }, (_, i) => `old${i}`),
    );
    jest.advanceTimersByTime(300);
    expect(
      receipts(controller).map((payload) => (payload['message_ids'] as string[]).length),
    ).toEqual([500, 100]);
  });

  it('markAllRead reads every unread message of a conversation', () => {
    const { controller, chat } = setup();
    deliver(controller, message('m1'));
    deliver(controller, message('m2'));
    chat.markAllRead('c1');
    jest.advanceTimersByTime(300);
    expect(receipts(controller)).toEqual([{ conversation_id: 'c1', message_ids: ['m1', 'm2'] }]);
    expect(chat.totalUnread()).toBe(0);
  });

  it('sends no receipts when they are turned off, but the count still drops', () => {
    const { controller, chat } = setup({ readReceipts: false });
    expect(chat.readReceiptsEnabled()).toBe(false);
    deliver(controller, message('m1'));
    chat.markRead('c1', ['m1']);
    jest.advanceTimersByTime(1_000);
    controller.expectNone('read_receipt');
    expect(chat.totalUnread()).toBe(0);
  });

  it('setReadReceipts tells the server and drops receipts not sent yet', () => {
    const { controller, chat } = setup();
    deliver(controller, message('m1'));
    chat.markRead('c1', ['m1']);
    chat.setReadReceipts(false);
    expect(controller.expectSent('set_read_receipts').payload).toEqual({ enabled: false });
    jest.advanceTimersByTime(1_000);
    controller.expectNone('read_receipt');

    chat.setReadReceipts(true);
    expect(controller.expectSent('set_read_receipts').payload).toEqual({ enabled: true });
    deliver(controller, message('m2'));
    chat.markRead('c1', ['m2']);
    jest.advanceTimersByTime(300);
    expect(receipts(controller)).toEqual([{ conversation_id: 'c1', message_ids: ['m2'] }]);
    controller.verify();
  });

  it('marks messages read that the user read on another device', () => {
    const { controller, chat } = setup();
    deliver(controller, message('m1'));
    controller.emit('conversation:c1', 'read_receipt', {
      conversation_id: 'c1',
      message_ids: ['m1'],
      user_id: 'me',
    });
    expect(chat.totalUnread()).toBe(0);
    jest.advanceTimersByTime(1_000);
    controller.expectNone('read_receipt');
  });

  it('keeps a few closed conversations in memory, and their unread counts', () => {
    const { controller, chat } = setup({ maxCachedConversations: 1 });
    chat.openConversation('open');
    deliver(controller, message('m1', 'open'));
    deliver(controller, message('m2', 'c1'));
    deliver(controller, message('m3', 'c2'));
    expect(chat.messages('open')()).toHaveLength(1);
    expect(chat.messages('c1')()).toEqual([]);
    expect(chat.messages('c2')()).toHaveLength(1);
    expect(chat.totalUnread()).toBe(3);
    deliver(controller, message('m2', 'c1')); // a replay: still counted once
    expect(chat.unreadCount('c1')()).toBe(1);
  });
});

describe('MessagesRealtime: history loader', () => {
  afterEach(() => jest.useRealTimers());

  it('loads history when a conversation is opened and merges it with live messages', async () => {
    const calls: string[] = [];
    const { controller, chat } = setup({
      loadHistory: async (id, reason) => {
        calls.push(`${id}:${reason}`);
        return [
          message('m3'),
          message('m1'),
          { ...message('m2'), is_read: true },
          message('x9', 'c2'),
        ];
      },
    });
    deliver(controller, message('m3')); // already here, and already counted
    chat.openConversation('c1');
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toEqual(['c1:open']);
    expect(
      chat
        .messages('c1')()
        .map((m) => `${m.id}:${m.status}`),
    ).toEqual(['m1:delivered', 'm2:read', 'm3:delivered']);
    expect(chat.unreadCount('c1')()).toBe(2);
  });

  it('loads again after a reconnect that could not replay everything', () => {
    const calls: string[] = [];
    const { controller, chat, realtime } = setup({
      loadHistory: (id, reason) => {
        calls.push(`${id}:${reason}`);
        return Promise.resolve([]);
      },
    });
    chat.openConversation('c1');
    controller.emit('conversation:c1', 'message', message('m1'), { seq: 1 });
    realtime.reconnect();
    expect(controller.isConnected).toBe(true);
    controller.ack(controller.expectSent('get_missed_messages'), {
      messages: [],
      complete: false,
    });
    expect(calls).toEqual(['c1:open', 'c1:gap']);
  });

  it('reports a failing loader to the ErrorHandler and carries on', async () => {
    const { chat, errors } = setup({
      loadHistory: (id) => {
        if (id === 'boom') throw new Error('sync failure');
        return Promise.reject(new Error('async failure'));
      },
    });
    chat.openConversation('boom');
    chat.openConversation('c1');
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toEqual([
      expect.objectContaining({ code: 'unavailable', channel: 'conversation:boom' }),
      expect.objectContaining({ code: 'unavailable', channel: 'conversation:c1' }),
    ]);
  });
});
