// Public API of the notifications feature.
export {
  DESKTOP_NOTIFICATION_API,
  type DesktopNotificationApi,
  type DesktopNotificationRequest,
  type DesktopPermission,
} from './desktop-notification-api';
export type { NotificationSnapshot, RealtimeNotification } from './notification-model';
export {
  DEFAULT_NOTIFICATION_TITLES,
  NOTIFICATION_OPTIONS,
  type DesktopNotificationOptions,
  type NotificationLoader,
  type NotificationRealtimeOptions,
  type NotificationSoundOptions,
  type NotificationTitles,
  type ResolvedNotificationOptions,
} from './notification-options';
export {
  NOTIFICATION_PREFERENCE_STORAGE,
  type NotificationPreferenceStorage,
} from './notification-preferences';
export { NotificationRealtime } from './notification-realtime';
export {
  NOTIFICATION_SOUND_PLAYER,
  type NotificationSoundPlayer,
} from './notification-sound-player';
export {
  NOTIFICATION_TOAST,
  type NotificationToast,
  type NotificationToastHandler,
} from './notification-toast';
export { withNotifications } from './with-notifications';
