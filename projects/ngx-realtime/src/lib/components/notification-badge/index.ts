// Public API of the rt-notification-badge component.
export { RtNotificationBadge } from './notification-badge';
export { cappedCount, unreadNotificationsLabel } from './notification-badge-text';
