import { NgZone, provideZoneChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  DESKTOP_NOTIFICATION_API,
  NOTIFICATION_TOAST,
  NotificationRealtime,
  PageVisibility,
  provideRealtime,
  WebSocketService,
  withNotifications,
  type DesktopNotificationRequest,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

describe('NotificationRealtime in a zone.js application', () => {
  it('calls the toast function and desktop clicks in the Angular zone, though events arrive outside', () => {
    const zones: boolean[] = [];
    const requests: DesktopNotificationRequest[] = [];
    TestBed.configureTestingModule({
      providers: [
        provideZoneChangeDetection(),
        provideRealtime(
          { url: 'ws://test/ws', token: () => 't', reportToErrorHandler: false },
          withNotifications({
            desktop: { onClick: () => zones.push(NgZone.isInAngularZone()) },
          }),
        ),
        provideRealtimeTesting(),
        { provide: NOTIFICATION_TOAST, useValue: () => zones.push(NgZone.isInAngularZone()) },
        {
          provide: DESKTOP_NOTIFICATION_API,
          useValue: {
            permission: () => 'granted',
            requestPermission: async () => 'granted',
            show: (_: string, request: DesktopNotificationRequest) => requests.push(request),
          },
        },
        { provide: PageVisibility, useValue: { hidden: signal(true), focused: signal(false) } },
      ],
    });
    const zone = TestBed.inject(NgZone);
    TestBed.inject(NotificationRealtime);
    zone.run(() => TestBed.inject(WebSocketService).connect());
    const controller = TestBed.inject(RealtimeTestingController);

    zone.runOutsideAngular(() => {
      controller.emit('notifications', 'notification', { id: 'n1', type: 'like' });
      requests[0].onClick();
    });

    expect(zones).toEqual([true, true]);
  });
});
