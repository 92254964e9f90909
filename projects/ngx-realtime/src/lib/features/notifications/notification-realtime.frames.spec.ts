import { TestBed } from '@angular/core/testing';
import {
  NotificationRealtime,
  provideRealtime,
  REALTIME_FRAME_SCHEDULER,
  WebSocketService,
  withNotifications,
  type NotificationSnapshot,
  type RealtimeFrameScheduler,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { Subject } from 'rxjs';

const CHANNEL = 'notifications';

/** Frames the test runs by hand; counts how often a publication was asked for. */
class ManualFrames {
  requested = 0;
  private due: (() => void)[] = [];
  readonly scheduler: RealtimeFrameScheduler = (run) => {
    this.requested++;
    this.due.push(run);
    return () => (this.due = this.due.filter((job) => job !== run));
  };
  get pending(): number {
    return this.due.length;
  }
  run(): void {
    const due = this.due;
    this.due = [];
    for (const job of due) job();
  }
}

function setup(load?: () => Subject<NotificationSnapshot>) {
  const frames = new ManualFrames();
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me', reportToErrorHandler: false },
        withNotifications(load ? { load } : {}),
      ),
      provideRealtimeTesting(),
      // After the testing kit, which publishes synchronously: these specs test the frames.
      { provide: REALTIME_FRAME_SCHEDULER, useValue: frames.scheduler },
    ],
  });
  const controller = TestBed.inject(RealtimeTestingController);
  const service = TestBed.inject(NotificationRealtime);
  TestBed.inject(WebSocketService).connect();
  controller.expectSubscribe(CHANNEL);
  return { frames, controller, service };
}

const ids = (service: NotificationRealtime) => service.notifications().map(({ id }) => id);

describe('NotificationRealtime: at most one publication per frame', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('publishes a burst of events once, with the final values, and loses nothing', () => {
    const { frames, controller, service } = setup();
    const announced: string[] = [];
    service.incoming$.subscribe(({ id }) => announced.push(id));

    for (let i = 1; i <= 200; i++) {
      controller.emit(CHANNEL, 'notification', { id: `n${i}`, type: 'like', unread_count: i });
    }
    controller.emit(CHANNEL, 'notification_read', { notification_id: 'n200', unread_count: 199 });

    // The state is not published yet, but every event was handled (announced) in order.
    expect(service.unreadCount()).toBe(0);
    expect(service.notifications()).toEqual([]);
    expect(announced).toHaveLength(200);
    expect(frames.requested).toBe(1);

    frames.run();
    expect(service.unreadCount()).toBe(199);
    expect(ids(service)).toHaveLength(100); // maxNotifications
    expect(ids(service)[0]).toBe('n200');
    expect(service.notifications()[0].read).toBe(true);
    expect(frames.requested).toBe(1);

    controller.emit(CHANNEL, 'notification_read_all', { unread_count: 0 });
    expect(frames.requested).toBe(2);
    frames.run();
    expect(service.unreadCount()).toBe(0);
  });

  it('still counts a replayed notification once', () => {
    const { frames, controller, service } = setup();
    controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like' });
    controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like' });
    frames.run();
    expect(ids(service)).toEqual(['n1']);
    expect(service.unreadCount()).toBe(1);
  });

  it('shows a read mark at once, together with the events not published yet', () => {
    const { frames, controller, service } = setup();
    controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 1 });
    controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', unread_count: 2 });

    service.markAsRead('n1').subscribe();
    expect(ids(service)).toEqual(['n2', 'n1']);
    expect(service.notifications()[1].read).toBe(true);
    expect(service.unreadCount()).toBe(1);
    expect(frames.pending).toBe(0); // published: the frame has nothing left to do

    // Refused: rolled back at once, and the event that came meanwhile stays.
    controller.emit(CHANNEL, 'notification', { id: 'n3', type: 'like', unread_count: 3 });
    controller.fail(controller.expectSent('notification_read'), 'FORBIDDEN');
    expect(ids(service)).toEqual(['n3', 'n2', 'n1']);
    expect(service.unreadCount()).toBe(3);
  });

  it('shows an acknowledged read at once', () => {
    const { controller, service } = setup();
    controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 1 });
    let confirmed: number | undefined;
    service.markAllAsRead().subscribe((count) => (confirmed = count));
    expect(service.unreadCount()).toBe(0);
    controller.ack(controller.expectSent('notification_read_all'), { unread_count: 0 });
    expect(confirmed).toBe(0);
    expect(service.notifications()[0].read).toBe(true);
  });

  it('shows a loaded snapshot at once, with what arrived while it loaded on top', () => {
    const snapshots = new Subject<NotificationSnapshot>();
    const { frames, controller, service } = setup(() => snapshots);
    controller.emit(CHANNEL, 'notification', { id: 'live', type: 'like', unread_count: 4 });
    snapshots.next({ notifications: [{ id: 'old', type: 'like' }], unreadCount: 4 });
    expect(ids(service)).toEqual(['live', 'old']);
    expect(service.unreadCount()).toBe(4);
    expect(frames.pending).toBe(0);
  });

  it('cancels the frame when the service is destroyed', () => {
    const { frames, controller } = setup();
    controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like' });
    expect(frames.pending).toBe(1);
    TestBed.resetTestingModule();
    expect(frames.pending).toBe(0);
  });
});
