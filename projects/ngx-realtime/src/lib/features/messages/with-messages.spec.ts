import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  DEFAULT_MESSAGES_OPTIONS,
  MESSAGES_OPTIONS,
  MessagesRealtime,
  provideRealtime,
  RealtimeFeatureKind,
  withMessages,
} from 'ngx-realtime';
import { provideRealtimeTesting } from 'ngx-realtime/testing';

describe('withMessages', () => {
  it('resolves every default and describes itself', () => {
    const feature = withMessages({ typingIdleMs: 4_000, sendTimeoutMs: undefined });
    expect(feature.kind).toBe(RealtimeFeatureKind.Messages);
    expect(feature.settings).toEqual({
      ...DEFAULT_MESSAGES_OPTIONS,
      typingIdleMs: 4_000,
      loadHistory: false,
      sendMessage: false,
    });
  });

  it.each([
    [{ maxMessagesPerConversation: 0 }, /maxMessagesPerConversation/],
    [{ maxCachedConversations: 1.5 }, /maxCachedConversations/],
    [{ sendTimeoutMs: Infinity }, /sendTimeoutMs/],
    [{ typingThrottleMs: -1 }, /typingThrottleMs/],
    [{ receiptBatchMs: Number.NaN }, /receiptBatchMs/],
  ])('refuses %p', (options, message) => {
    expect(() => withMessages(options)).toThrow(message);
    expect(() => withMessages(options)).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
  });

  it('is refused twice by provideRealtime', () => {
    expect(() => provideRealtime({ url: 'ws://test/ws' }, withMessages(), withMessages())).toThrow(
      /Messages feature is given twice/,
    );
  });

  it('creates the service with the app, so unread counts start at once', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws' }, withMessages()),
        provideRealtimeTesting(),
      ],
    });
    TestBed.inject(MESSAGES_OPTIONS);
    expect(TestBed.inject(MessagesRealtime)).toBeInstanceOf(MessagesRealtime);
  });
});

describe('MessagesRealtime on the server (SSR)', () => {
  afterEach(() => jest.useRealTimers());

  it('sends nothing, starts no timer and never throws', () => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          { url: 'ws://test/ws', userId: 'me' },
          withMessages({ loadHistory: () => Promise.resolve([]) }),
        ),
        { provide: PLATFORM_ID, useValue: 'server' },
      ],
    });
    const chat = TestBed.inject(MessagesRealtime);
    chat.openConversation('c1');
    chat.typing('c1').input();
    chat.markRead('c1', ['m1']);
    chat.setReadReceipts(false);
    const message = chat.sendMessage('c1', 'hi');
    expect(chat.messages('c1')()).toEqual([
      expect.objectContaining({
        key: message?.key,
        status: 'failed',
        error: expect.objectContaining({ code: 'unavailable' }),
      }),
    ]);
    expect(jest.getTimerCount()).toBe(0);
    chat.closeConversation('c1');
  });
});
