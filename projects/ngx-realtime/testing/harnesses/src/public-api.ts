/**
 * Component harnesses of the `rt-*` components, for tests built on `@angular/cdk/testing`.
 * A separate entry point because it needs `@angular/cdk` (an optional peer dependency): the
 * rest of `ngx-realtime/testing` works without it.
 *
 * @module ngx-realtime/testing/harnesses
 */
export { RtNotificationBadgeHarness } from './notification-badge-harness';
export type { RtNotificationBadgeHarnessFilters } from './notification-badge-harness';
export { RtTypingIndicatorHarness } from './typing-indicator-harness';
export type { RtTypingIndicatorHarnessFilters } from './typing-indicator-harness';
export { RtNewPostsBannerHarness } from './new-posts-banner-harness';
export type { RtNewPostsBannerHarnessFilters } from './new-posts-banner-harness';
export { RtPresenceIndicatorHarness } from './presence-indicator-harness';
export type { RtPresenceIndicatorHarnessFilters } from './presence-indicator-harness';
export { RtConnectionStatusHarness } from './connection-status-harness';
export type { RtConnectionStatusHarnessFilters } from './connection-status-harness';
export { RtMessageStatusHarness } from './message-status-harness';
export type { RtMessageStatusHarnessFilters } from './message-status-harness';
