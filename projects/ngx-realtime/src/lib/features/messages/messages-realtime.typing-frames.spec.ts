import { TestBed } from '@angular/core/testing';
import {
  MessagesRealtime,
  provideRealtime,
  REALTIME_FRAME_SCHEDULER,
  WebSocketService,
  withMessages,
  type RealtimeFrameScheduler,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

/** requestAnimationFrame (faked by Jest), counting the publications asked for and pending. */
function countedFrames() {
  const frames = { requested: 0, pending: 0, scheduler: null as unknown as RealtimeFrameScheduler };
  frames.scheduler = (run) => {
    frames.requested++;
    frames.pending++;
    const handle = requestAnimationFrame(() => {
      frames.pending--;
      run();
    });
    return () => {
      frames.pending--;
      cancelAnimationFrame(handle);
    };
  };
  return frames;
}

function setup() {
  const frames = countedFrames();
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me', reportToErrorHandler: false },
        withMessages(),
      ),
      provideRealtimeTesting(),
      // After the testing kit, which publishes synchronously: these specs test the frames.
      { provide: REALTIME_FRAME_SCHEDULER, useValue: frames.scheduler },
    ],
  });
  const controller = TestBed.inject(RealtimeTestingController);
  const chat = TestBed.inject(MessagesRealtime);
  TestBed.inject(WebSocketService).connect();
  const typing = (type: 'typing_start' | 'typing_stop', userId: string) =>
    controller.emit('conversation:c1', type, { conversation_id: 'c1', user_id: userId });
  return { frames, chat, typing };
}

const userIds = (chat: MessagesRealtime) =>
  chat
    .typingUsers('c1')()
    .map(({ userId }) => userId);

describe('MessagesRealtime: typing state, at most one publication per frame', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('publishes a burst of typing events once, with the final typists', () => {
    const { frames, chat, typing } = setup();
    for (let round = 0; round < 100; round++) {
      for (const user of ['ann', 'bob', 'cid']) typing('typing_start', user);
      typing('typing_stop', 'ann');
    }
    expect(userIds(chat)).toEqual([]);
    expect(frames.requested).toBe(1);

    jest.advanceTimersToNextFrame();
    expect(userIds(chat)).toEqual(['bob', 'cid']);
    expect(frames.requested).toBe(1);
  });

  it('publishes the expiry of an indicator at the next frame', () => {
    const { frames, chat, typing } = setup();
    typing('typing_start', 'ann');
    jest.advanceTimersToNextFrame();
    expect(userIds(chat)).toEqual(['ann']);
    jest.advanceTimersByTime(5_000); // typingExpiryMs: the timer fires, then a frame passes
    expect(userIds(chat)).toEqual([]);
    expect(frames.requested).toBe(2);
  });

  it('clears a closed conversation at once, with nothing left for the frame', () => {
    const { frames, chat, typing } = setup();
    chat.openConversation('c1');
    typing('typing_start', 'ann');
    chat.closeConversation('c1');
    expect(userIds(chat)).toEqual([]);
    expect(frames.pending).toBe(0);
  });

  it('cancels the frame when the service is destroyed', () => {
    const { frames, typing } = setup();
    typing('typing_start', 'ann');
    expect(frames.pending).toBe(1);
    TestBed.resetTestingModule();
    expect(frames.pending).toBe(0);
  });
});
