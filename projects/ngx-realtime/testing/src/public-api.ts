/**
 * Public API surface of ngx-realtime/testing: test an app's realtime code without a server.
 *
 * @module ngx-realtime/testing
 */
export { FakeSocket } from './fake-socket';
export { provideRealtimeTesting, RealtimeTestingBackend } from './provide-realtime-testing';
export {
  RealtimeTestingController,
  type ConnectionRefusal,
  type EmitOptions,
  type FakeHttpHandler,
  type FakeHttpResponse,
  type TestFrame,
} from './realtime-testing-controller';
// Component harnesses (they need @angular/cdk, an optional peer dependency).
export { RtNotificationBadgeHarness } from './harnesses/notification-badge-harness';
export type { RtNotificationBadgeHarnessFilters } from './harnesses/notification-badge-harness';
export { RtTypingIndicatorHarness } from './harnesses/typing-indicator-harness';
export type { RtTypingIndicatorHarnessFilters } from './harnesses/typing-indicator-harness';
export { RtNewPostsBannerHarness } from './harnesses/new-posts-banner-harness';
export type { RtNewPostsBannerHarnessFilters } from './harnesses/new-posts-banner-harness';
export { RtPresenceIndicatorHarness } from './harnesses/presence-indicator-harness';
export type { RtPresenceIndicatorHarnessFilters } from './harnesses/presence-indicator-harness';
export { RtConnectionStatusHarness } from './harnesses/connection-status-harness';
export type { RtConnectionStatusHarnessFilters } from './harnesses/connection-status-harness';
export { RtMessageStatusHarness } from './harnesses/message-status-harness';
export type { RtMessageStatusHarnessFilters } from './harnesses/message-status-harness';
