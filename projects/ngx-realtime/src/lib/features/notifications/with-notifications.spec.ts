import { TestBed } from '@angular/core/testing';
import {
  createSocialHubProtocol,
  NotificationRealtime,
  provideRealtime,
  WebSocketService,
  withNotifications,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

describe('withNotifications', () => {
  afterEach(() => TestBed.resetTestingModule());

  it.each([
    [{ maxNotifications: 0 }, /maxNotifications/],
    [{ maxNotifications: 2.5 }, /maxNotifications/],
    [{ sound: { volume: 2 } }, /volume/],
    [{ sound: { minIntervalMs: -1 } }, /minIntervalMs/],
    [{ ackTimeoutMs: 0 }, /ackTimeoutMs/],
  ])('refuses %j with invalid_config', (options, message) => {
    expect(() => withNotifications(options)).toThrow(message);
    expect(() => withNotifications(options)).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
  });

  it('fails loudly when given twice', () => {
    expect(() =>
      provideRealtime({ url: 'ws://test/ws' }, withNotifications(), withNotifications()),
    ).toThrow(/Notifications feature is given twice/);
  });

  it('exists only when provided', () => {
    TestBed.configureTestingModule({
      providers: [provideRealtime({ url: 'ws://test/ws' }), provideRealtimeTesting()],
    });
    expect(TestBed.inject(NotificationRealtime, null)).toBeNull();
  });

  it('listens on the configured channel from the start, without being injected', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          { url: 'ws://test/ws', reportToErrorHandler: false },
          withNotifications({ channel: 'alerts:me' }),
        ),
        provideRealtimeTesting(),
      ],
    });
    TestBed.inject(WebSocketService).connect();
    TestBed.inject(RealtimeTestingController).expectSubscribe('alerts:me');
  });

  it('drops wrong-typed optional fields a loose validator let through, and payloads without an id', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          {
            url: 'ws://test/ws',
            reportToErrorHandler: false,
            // An app's own, looser validator: the service must not trust it.
            protocol: createSocialHubProtocol({ events: { notification: () => null } }),
          },
          withNotifications(),
        ),
        provideRealtimeTesting(),
      ],
    });
    const service = TestBed.inject(NotificationRealtime);
    const controller = TestBed.inject(RealtimeTestingController);
    TestBed.inject(WebSocketService).connect();
    controller.emit('notifications', 'notification', { type: 'like' });
    controller.emit('notifications', 'notification', { id: 7, type: 'like' });
    controller.emit('notifications', 'notification', {
      id: 'n1',
      type: 'like',
      actor_name: { first: 'Bob' },
      message: 42,
      read: 'yes',
      unread_count: -3,
      avatar_url: '/bob.png',
    });
    expect(service.notifications()).toEqual([
      { id: 'n1', type: 'like', read: false, avatar_url: '/bob.png' },
    ]);
    expect(service.unreadCount()).toBe(1);
  });
});
