/**
 * The examples of docs/testing.md, kept runnable: if this file breaks, the guide is wrong.
 */
import { Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  injectChannel,
  NotificationRealtime,
  provideRealtime,
  REALTIME_FRAME_SCHEDULER,
  WebSocketService,
  withNotifications,
  type FeedUpdatePayload,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Component({
  selector: 'rt-new-posts',
  template: `{{ count() }} new posts`,
})
class NewPostsComponent {
  private readonly realtime = inject(WebSocketService);
  readonly count = signal(0);
  constructor() {
    this.realtime.connect();
    injectChannel<FeedUpdatePayload>('feed:updates').subscribe(() =>
      this.count.update((n) => n + 1),
    );
  }
}

describe('docs/testing.md examples', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws', token: () => 'test-token' }),
        provideRealtimeTesting(),
      ],
    });
  });

  it('counts posts pushed by the server', async () => {
    const controller = TestBed.inject(RealtimeTestingController);
    const fixture = TestBed.createComponent(NewPostsComponent);
    await fixture.whenStable();

    controller.expectSubscribe('feed:updates');
    controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p1' });
    controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p2' });
    await fixture.whenStable();

    expect(fixture.nativeElement.textContent).toBe('2 new posts');
    controller.verify();
  });

  it('shows the stored message', () => {
    const service = TestBed.inject(WebSocketService);
    const controller = TestBed.inject(RealtimeTestingController);
    service.connect();

    let stored: unknown;
    service
      .sendWithAck({ type: 'send_message', payload: { content: 'hi' } })
      .subscribe((data) => (stored = data));

    const frame = controller.expectSent('send_message');
    expect(frame.payload).toEqual({ content: 'hi' });
    controller.ack(frame, { id: 'm1', content: 'hi' });
    expect(stored).toEqual({ id: 'm1', content: 'hi' });
    controller.verify();
  });
});

describe('docs/testing.md: state published once per frame', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes synchronously with the testing kit', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws' }, withNotifications()),
        provideRealtimeTesting(),
      ],
    });
    const controller = TestBed.inject(RealtimeTestingController);
    const notifications = TestBed.inject(NotificationRealtime);
    TestBed.inject(WebSocketService).connect();
    controller.expectSubscribe('notifications');
    controller.emit('notifications', 'notification', { id: 'n1', type: 'like' });
    expect(notifications.unreadCount()).toBe(1);
  });

  it('runs frames with fake timers once a frame scheduler is provided', () => {
    jest.useFakeTimers(); // fakes requestAnimationFrame too
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws' }, withNotifications()),
        provideRealtimeTesting(),
        {
          provide: REALTIME_FRAME_SCHEDULER,
          useValue: (run: () => void) => {
            const handle = requestAnimationFrame(run);
            return () => cancelAnimationFrame(handle);
          },
        },
      ],
    });
    const controller = TestBed.inject(RealtimeTestingController);
    const notifications = TestBed.inject(NotificationRealtime);
    TestBed.inject(WebSocketService).connect();
    controller.expectSubscribe('notifications');
    controller.emit('notifications', 'notification', { id: 'n1', type: 'like' });
    expect(notifications.unreadCount()).toBe(0); // not published yet
    jest.advanceTimersToNextFrame();
    expect(notifications.unreadCount()).toBe(1);
  });
});
