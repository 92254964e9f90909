import { ErrorHandler, inject, InjectionToken, PLATFORM_ID, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  NotificationRealtime,
  provideRealtime,
  RealtimeError,
  WebSocketService,
  withNotifications,
  type NotificationRealtimeOptions,
  type NotificationSnapshot,
  type RealtimeConfig,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { Subject } from 'rxjs';

const CHANNEL = 'notifications';

function setup(
  options: NotificationRealtimeOptions = {},
  providers: Provider[] = [],
  config: Partial<RealtimeConfig> = {},
) {
  const errors: unknown[] = [];
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        {
          url: 'ws://test/ws',
          token: () => 't',
          userId: 'me',
          reportToErrorHandler: false,
          ...config,
        },
        withNotifications(options),
      ),
      provideRealtimeTesting(),
      { provide: ErrorHandler, useValue: { handleError: (error: unknown) => errors.push(error) } },
      ...providers,
    ],
  });
  const realtime = TestBed.inject(WebSocketService);
  const controller = TestBed.inject(RealtimeTestingController);
  const service = TestBed.inject(NotificationRealtime);
  return { realtime, controller, service, errors };
}

/** Connects and takes the channel join: the state every test starts from. */
function connected(options: NotificationRealtimeOptions = {}, providers: Provider[] = []) {
  const context = setup(options, providers);
  context.realtime.connect();
  context.controller.expectSubscribe(CHANNEL);
  return context;
}

function ids(service: NotificationRealtime): string[] {
  return service.notifications().map((notification) => notification.id);
}

describe('NotificationRealtime', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  describe('the list and the count', () => {
    it('joins the channel once connected and lists notifications newest first, with the server count', () => {
      const { realtime, controller, service } = setup();
      expect(service.notifications()).toEqual([]);
      expect(service.unreadCount()).toBe(0);
      realtime.connect();
      controller.expectSubscribe(CHANNEL);

      controller.emit(CHANNEL, 'notification', {
        id: 'n1',
        type: 'like',
        actor_name: 'Bob',
        message: 'Bob liked your post',
        unread_count: 3,
      });
      controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'follow', unread_count: 4 });

      expect(ids(service)).toEqual(['n2', 'n1']);
      expect(service.notifications()[1]).toEqual({
        id: 'n1',
        type: 'like',
        actor_name: 'Bob',
        message: 'Bob liked your post',
        read: false,
      });
      expect(service.unreadCount()).toBe(4);
      controller.verify();
    });

    it('keeps one entry per id: a repeated id updates it in place and is not announced again', () => {
      const { controller, service } = connected();
      const announced: string[] = [];
      service.incoming$.subscribe((notification) => announced.push(notification.id));

      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 1 });
      controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', unread_count: 2 });
      controller.emit(CHANNEL, 'notification', {
        id: 'n1',
        type: 'like',
        message: 'edited',
        unread_count: 2,
      });

      expect(ids(service)).toEqual(['n2', 'n1']);
      expect(service.notifications()[1].message).toBe('edited');
      expect(service.unreadCount()).toBe(2);
      expect(announced).toEqual(['n1', 'n2']);
    });

    it('keeps at most maxNotifications, dropping the oldest', () => {
      const { controller, service } = connected({ maxNotifications: 3 });
      for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) {
        controller.emit(CHANNEL, 'notification', { id, type: 'like' });
      }
      expect(ids(service)).toEqual(['n5', 'n4', 'n3']);
      // The count is the server's concern, not the list's: five arrived unread.
      expect(service.unreadCount()).toBe(5);
    });

    it('estimates the count when the server sends none: unread ones add, read ones do not', () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like' });
      controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', read: true });
      controller.emit(CHANNEL, 'notification', { id: 'n3', type: 'comment' });
      expect(service.unreadCount()).toBe(2);
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', read: true });
      expect(service.unreadCount()).toBe(1);
    });

    it("follows the user's other tabs: notification_read and notification_read_all", () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 5 });
      controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', unread_count: 6 });

      controller.emit(CHANNEL, 'notification_read', { notification_id: 'n1', unread_count: 5 });
      expect(service.notifications().map((n) => [n.id, n.read])).toEqual([
        ['n2', false],
        ['n1', true],
      ]);
      expect(service.unreadCount()).toBe(5);

      controller.emit(CHANNEL, 'notification_read_all', { unread_count: 0 });
      expect(service.notifications().every((n) => n.read)).toBe(true);
      expect(service.unreadCount()).toBe(0);
      controller.verify();
    });

    it('without counts in read events, subtracts what it knows and reads all as zero', () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 7 });
      controller.emit(CHANNEL, 'notification_read', { notification_id: 'n1' });
      expect(service.unreadCount()).toBe(6);
      controller.emit(CHANNEL, 'notification_read', { notification_id: 'unknown' });
      expect(service.unreadCount()).toBe(6);
      controller.emit(CHANNEL, 'notification_read_all', {});
      expect(service.unreadCount()).toBe(0);
    });

    it('survives the server refusing the channel', async () => {
      const { realtime, controller, service } = setup();
      const reported: string[] = [];
      realtime.errors.subscribe((error) => reported.push(error.code));
      realtime.connect();
      controller.fail(controller.expectSubscribe(CHANNEL), 'FORBIDDEN');
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(reported).toEqual(['channel_rejected']);
      expect(service.notifications()).toEqual([]);
    });

    it('ignores events of other types on the channel', () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'feed_update', { type: 'new_post', post_id: 'p1' });
      expect(service.notifications()).toEqual([]);
    });
  });

  describe('markAsRead', () => {
    function withTwo() {
      const context = connected();
      context.controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 1 });
      context.controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', unread_count: 2 });
      return context;
    }

    it('shows the read at once, sends notification_read with an ack, then takes the ack count', () => {
      const { controller, service } = withTwo();
      const counts: number[] = [];
      service.markAsRead('n1').subscribe((count) => counts.push(count));

      expect(service.notifications().find((n) => n.id === 'n1')?.read).toBe(true);
      expect(service.unreadCount()).toBe(1);
      const frame = controller.expectSent('notification_read');
      expect(frame.payload).toEqual({ notification_id: 'n1' });
      expect(frame.ack_id).toBeDefined();

      controller.ack(frame, { notification_id: 'n1', unread_count: 1 });
      expect(counts).toEqual([1]);
      expect(service.notifications().find((n) => n.id === 'n1')?.read).toBe(true);
      expect(service.unreadCount()).toBe(1);
      controller.verify();
    });

    it('works without subscribing to the result', () => {
      const { controller, service } = withTwo();
      service.markAsRead('n2');
      controller.ack(controller.expectSent('notification_read'), { unread_count: 1 });
      expect(service.unreadCount()).toBe(1);
      expect(service.notifications()[0].read).toBe(true);
    });

    it('rolls back exactly, count included, and errors with the typed error when refused', () => {
      const { controller, service } = withTwo();
      const before = { list: service.notifications(), count: service.unreadCount() };
      let failure: unknown;
      service.markAsRead('n1').subscribe({ error: (error: unknown) => (failure = error) });
      expect(service.unreadCount()).toBe(1);

      controller.fail(controller.expectSent('notification_read'), 'FORBIDDEN', 'Not yours');

      expect(service.notifications()).toEqual(before.list);
      expect(service.unreadCount()).toBe(before.count);
      expect(failure).toBeInstanceOf(RealtimeError);
      expect(failure).toMatchObject({ code: 'server_error', serverCode: 'FORBIDDEN' });
      controller.verify();
    });

    it('keeps what the server said while the refused mark was in flight', () => {
      const { controller, service } = withTwo();
      service.markAsRead('n1').subscribe({ error: () => undefined });
      const frame = controller.expectSent('notification_read');
      controller.emit(CHANNEL, 'notification', { id: 'n3', type: 'reply', unread_count: 3 });
      // n1 still unread on the server: the overlay subtracts it.
      expect(service.unreadCount()).toBe(2);

      controller.fail(frame, 'INTERNAL_ERROR');

      expect(ids(service)).toEqual(['n3', 'n2', 'n1']);
      expect(service.notifications().every((n) => !n.read)).toBe(true);
      expect(service.unreadCount()).toBe(3);
    });

    it('rolls back with ack_timeout when the server never answers', () => {
      jest.useFakeTimers();
      const { controller, service } = connected({ ackTimeoutMs: 1_000 });
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 1 });
      let failure: RealtimeError | undefined;
      service.markAsRead('n1').subscribe({ error: (error: RealtimeError) => (failure = error) });
      controller.expectSent('notification_read');
      expect(service.unreadCount()).toBe(0);

      jest.advanceTimersByTime(1_000);

      expect(failure?.code).toBe('ack_timeout');
      expect(service.unreadCount()).toBe(1);
      expect(service.notifications()[0].read).toBe(false);
    });

    it('refuses an empty id without sending anything', () => {
      const { controller, service } = withTwo();
      let failure: RealtimeError | undefined;
      service.markAsRead('').subscribe({ error: (error: RealtimeError) => (failure = error) });
      expect(failure?.code).toBe('invalid_message');
      controller.expectNone('notification_read');
      expect(service.unreadCount()).toBe(2);
    });

    it('sends an id it does not list and takes the count from the ack', () => {
      const { controller, service } = withTwo();
      service.markAsRead('older');
      expect(service.unreadCount()).toBe(2);
      controller.ack(controller.expectSent('notification_read'), { unread_count: 1 });
      expect(service.unreadCount()).toBe(1);
    });
  });

  describe('markAllAsRead', () => {
    it('shows everything read at once and takes the ack count', () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 8 });
      const counts: number[] = [];
      service.markAllAsRead().subscribe((count) => counts.push(count));

      expect(service.unreadCount()).toBe(0);
      expect(service.notifications()[0].read).toBe(true);
      const frame = controller.expectSent('notification_read_all');
      expect(frame.payload).toEqual({});

      controller.ack(frame, { read_at: new Date().toISOString(), unread_count: 0 });
      expect(counts).toEqual([0]);
      expect(service.unreadCount()).toBe(0);
      controller.verify();
    });

    it('rolls back exactly when refused', () => {
      const { controller, service } = connected();
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like', unread_count: 8 });
      controller.emit(CHANNEL, 'notification', {
        id: 'n2',
        type: 'like',
        read: true,
        unread_count: 8,
      });
      const before = service.notifications();
      let failure: RealtimeError | undefined;
      service.markAllAsRead().subscribe({ error: (error: RealtimeError) => (failure = error) });

      controller.fail(controller.expectSent('notification_read_all'), 'RATE_LIMITED');

      expect(failure?.serverCode).toBe('RATE_LIMITED');
      expect(service.notifications()).toEqual(before);
      expect(service.unreadCount()).toBe(8);
    });
  });

  describe('the loader', () => {
    const API_URL = new InjectionToken<string>('api url');

    it('loads on the first connect, in an injection context, and never alerts for loaded ids', async () => {
      const seenUrls: string[] = [];
      const { realtime, controller, service } = setup(
        {
          load: () => {
            seenUrls.push(inject(API_URL));
            return Promise.resolve({
              notifications: [
                { id: 'n2', type: 'like' },
                { id: 'n1', type: 'follow', read: true },
              ],
              unreadCount: 12,
            });
          },
        },
        [{ provide: API_URL, useValue: '/api/notifications' }],
      );
      expect(service.loading()).toBe(false);
      realtime.connect();
      controller.expectSubscribe(CHANNEL);
      expect(service.loading()).toBe(true);
      await Promise.resolve();

      expect(seenUrls).toEqual(['/api/notifications']);
      expect(service.loading()).toBe(false);
      expect(ids(service)).toEqual(['n2', 'n1']);
      expect(service.unreadCount()).toBe(12);
      const announced: string[] = [];
      service.incoming$.subscribe((notification) => announced.push(notification.id));
      controller.emit(CHANNEL, 'notification', { id: 'n2', type: 'like', unread_count: 12 });
      expect(announced).toEqual([]);
    });

    it('keeps notifications that arrived while loading on top of the loaded ones', () => {
      const snapshots = new Subject<NotificationSnapshot>();
      const { realtime, controller, service } = setup({ load: () => snapshots });
      realtime.connect();
      controller.expectSubscribe(CHANNEL);
      controller.emit(CHANNEL, 'notification', { id: 'live', type: 'like', unread_count: 4 });

      snapshots.next({ notifications: [{ id: 'old', type: 'like' }], unreadCount: 4 });

      expect(ids(service)).toEqual(['live', 'old']);
      expect(service.unreadCount()).toBe(4);
    });

    it('loads again after a catch-up that left a gap on the notifications channel', () => {
      jest.useFakeTimers();
      let loads = 0;
      const { realtime, controller, service } = setup(
        {
          load: () => {
            loads++;
            return Promise.resolve({ notifications: [{ id: `n${loads}`, type: 'like' }] });
          },
        },
        [],
        { reconnect: { initialDelayMs: 10, jitter: 'none' } },
      );
      realtime.connect();
      controller.expectSubscribe(CHANNEL);
      controller.emit(CHANNEL, 'notification', { id: 'live', type: 'like' }, { seq: 1 });
      expect(loads).toBe(1);

      controller.disconnect();
      jest.advanceTimersByTime(10);
      controller.expectSubscribe(CHANNEL);
      controller.fail(controller.expectSent('get_missed_messages'), 'INTERNAL_ERROR');

      expect(loads).toBe(2);
      expect(service.loading()).toBe(true);
    });

    it('reports a failing loader to the ErrorHandler and keeps the list', async () => {
      const { realtime, controller, service, errors } = setup({
        load: () => Promise.reject(new Error('HTTP 500')),
      });
      realtime.connect();
      controller.expectSubscribe(CHANNEL);
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'like' });
      await Promise.resolve();
      await Promise.resolve();

      expect(errors).toEqual([new Error('HTTP 500')]);
      expect(ids(service)).toEqual(['n1']);
      expect(service.loading()).toBe(false);
    });

    it('reports a loader answer without a list', () => {
      const snapshots = new Subject<NotificationSnapshot>();
      const { realtime, controller, service, errors } = setup({ load: () => snapshots });
      realtime.connect();
      controller.expectSubscribe(CHANNEL);
      snapshots.next({} as NotificationSnapshot);
      expect(errors).toEqual([expect.objectContaining({ code: 'invalid_message' })]);
      expect(service.notifications()).toEqual([]);
    });

    it('does nothing on reload() without a loader', () => {
      const { service } = connected();
      service.reload();
      expect(service.loading()).toBe(false);
    });
  });

  describe('on the server (SSR)', () => {
    it('stays empty and inert: no socket, sends refused, state untouched', () => {
      const { realtime, controller, service } = setup({}, [
        { provide: PLATFORM_ID, useValue: 'server' },
      ]);
      realtime.connect();
      expect(controller.connectionCount).toBe(0);
      let failure: RealtimeError | undefined;
      service.markAllAsRead().subscribe({ error: (error: RealtimeError) => (failure = error) });
      expect(failure?.code).toBe('unavailable');
      expect(service.unreadCount()).toBe(0);
      expect(service.notifications()).toEqual([]);
    });
  });
});
