import { TestBed } from '@angular/core/testing';
import { MessagesRealtime, provideRealtime, WebSocketService, withMessages } from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

function setup() {
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me', reportToErrorHandler: false },
        withMessages(),
      ),
      provideRealtimeTesting(),
    ],
  });
  const realtime = TestBed.inject(WebSocketService);
  const controller = TestBed.inject(RealtimeTestingController);
  const chat = TestBed.inject(MessagesRealtime);
  realtime.connect();
  expect(controller.isConnected).toBe(true); // opens the socket now
  return { realtime, controller, chat };
}

const typingFrames = (controller: RealtimeTestingController) =>
  [...controller.match('typing_start'), ...controller.match('typing_stop')]
    .sort((a, b) => controller.received.indexOf(a) - controller.received.indexOf(b))
    .map((frame) => `${frame.type}(${String(frame.payload['conversation_id'])})`);

describe('MessagesRealtime: typing', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends typing_start at most once per 2 s while input keeps coming', () => {
    const { controller, chat } = setup();
    const typing = chat.typing('c1');
    typing.input();
    expect(typingFrames(controller)).toEqual(['typing_start(c1)']);
    for (let i = 0; i < 3; i++) {
      jest.advanceTimersByTime(500);
      typing.input();
    }
    expect(typingFrames(controller)).toEqual([]);
    jest.advanceTimersByTime(500);
    typing.input(); // 2 s after the first start
    expect(typingFrames(controller)).toEqual(['typing_start(c1)']);
  });

  it('sends typing_stop after 3 s without input, once', () => {
    const { controller, chat } = setup();
    const typing = chat.typing('c1');
    typing.input();
    jest.advanceTimersByTime(1_000);
    typing.input(); // input moves the idle deadline
    jest.advanceTimersByTime(2_999);
    expect(typingFrames(controller)).toEqual(['typing_start(c1)']);
    jest.advanceTimersByTime(1);
    expect(typingFrames(controller)).toEqual(['typing_stop(c1)']);
    jest.advanceTimersByTime(10_000);
    expect(typingFrames(controller)).toEqual([]);
  });

  it('stops typing when a message is sent, on stop() and on sent()', () => {
    const { controller, chat } = setup();
    const typing = chat.typing('c1');
    typing.input();
    chat.sendMessage('c1', 'hi');
    expect(typingFrames(controller)).toEqual(['typing_start(c1)', 'typing_stop(c1)']);
    controller.ack(controller.expectSent('send_message'));

    typing.input();
    typing.stop();
    typing.stop();
    typing.input();
    typing.sent();
    expect(typingFrames(controller)).toEqual([
      'typing_start(c1)',
      'typing_stop(c1)',
      'typing_start(c1)',
      'typing_stop(c1)',
    ]);
    jest.advanceTimersByTime(5_000);
    controller.verify();
  });

  it('stops typing when the conversation is closed', () => {
    const { controller, chat } = setup();
    chat.openConversation('c1');
    chat.typing('c1').input();
    chat.closeConversation('c1');
    expect(typingFrames(controller)).toEqual(['typing_start(c1)', 'typing_stop(c1)']);
  });

  it('sends nothing while offline: a late indicator is worse than none', () => {
    const { realtime, controller, chat } = setup();
    controller.refuseConnections('network');
    controller.disconnect();
    chat.typing('c1').input();
    jest.advanceTimersByTime(3_000);
    controller.acceptConnections();
    realtime.reconnect();
    expect(typingFrames(controller)).toEqual([]);
  });

  it('shows who else is typing, until typing_stop, a message from them, or 5 s', () => {
    const { controller, chat } = setup();
    const typists = chat.typingUsers('c1');
    const start = (userId: string) =>
      controller.emit('conversation:c1', 'typing_start', {
        conversation_id: 'c1',
        user_id: userId,
        username: userId.toUpperCase(),
        is_typing: true,
      });
    start('ann');
    start('bob');
    expect(typists()).toEqual([
      { userId: 'ann', username: 'ANN' },
      { userId: 'bob', username: 'BOB' },
    ]);

    controller.emit('conversation:c1', 'typing_stop', { conversation_id: 'c1', user_id: 'ann' });
    expect(typists().map((typist) => typist.userId)).toEqual(['bob']);

    controller.emit('conversation:c1', 'message', {
      id: 'm1',
      conversation_id: 'c1',
      sender_id: 'bob',
      content: 'hi',
      created_at: '2030-01-01T10:00:00Z',
    });
    expect(typists()).toEqual([]);

    start('ann');
    jest.advanceTimersByTime(4_000);
    start('ann'); // a new start moves the expiry
    jest.advanceTimersByTime(4_999);
    expect(typists().map((typist) => typist.userId)).toEqual(['ann']);
    jest.advanceTimersByTime(1);
    expect(typists()).toEqual([]);
  });

  it("ignores the user's own typing events and events without ids", () => {
    const { controller, chat } = setup();
    controller.emit('conversation:c1', 'typing_start', { conversation_id: 'c1', user_id: 'me' });
    controller.emit('conversation:c1', 'typing_start', { conversation_id: '', user_id: 'ann' });
    expect(chat.typingUsers('c1')()).toEqual([]);
    expect(chat.typingUsers('')()).toEqual([]);
  });

  it('forgets typists of a closed conversation', () => {
    const { controller, chat } = setup();
    chat.openConversation('c1');
    controller.emit('conversation:c1', 'typing_start', { conversation_id: 'c1', user_id: 'ann' });
    expect(chat.typingUsers('c1')()).toEqual([{ userId: 'ann' }]);
    chat.closeConversation('c1');
    expect(chat.typingUsers('c1')()).toEqual([]);
  });
});
