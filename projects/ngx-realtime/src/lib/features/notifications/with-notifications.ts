import { inject, provideEnvironmentInitializer } from '@angular/core';
import { RealtimeFeatureKind, type RealtimeFeature } from '../../angular/provide-realtime';
import { NotificationRealtime } from './notification-realtime';
import {
  NOTIFICATION_OPTIONS,
  resolveNotificationOptions,
  type NotificationRealtimeOptions,
} from './notification-options';

/**
 * Adds realtime notifications: `NotificationRealtime` listens on the notifications channel
 * from the start and keeps the list and the unread count. Toasts need a `NOTIFICATION_TOAST`
 * provider; desktop notifications need the user's permission; sound needs `sound.src`.
 *
 * @throws RealtimeError `invalid_config` for options out of range.
 * @example
 * provideRealtime(
 *   { url: 'wss://api.example.com/ws', token: () => inject(Auth).token() },
 *   withNotifications({ sound: { src: '/assets/ding.mp3' }, titles: { like: $localize`New like` } }),
 * );
 */
export function withNotifications(
  options: NotificationRealtimeOptions = {},
): RealtimeFeature<RealtimeFeatureKind.Notifications> {
  const resolved = resolveNotificationOptions(options);
  return {
    kind: RealtimeFeatureKind.Notifications,
    providers: [
      { provide: NOTIFICATION_OPTIONS, useValue: resolved },
      NotificationRealtime,
      provideEnvironmentInitializer(() => inject(NotificationRealtime)),
    ],
    settings: { channel: resolved.channel, maxNotifications: resolved.maxNotifications },
  };
}
