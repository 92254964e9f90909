import {
  inject,
  Injectable,
  makeEnvironmentProviders,
  type EnvironmentProviders,
} from '@angular/core';
import {
  REALTIME_FRAME_SCHEDULER,
  synchronousFrameScheduler,
  RealtimeBackend,
  type HttpRequestLike,
  type HttpResponseLike,
  type LifecycleSource,
  type WebSocketLike,
} from 'ngx-realtime';
import { RealtimeTestingController } from './realtime-testing-controller';

/** The backend `provideRealtimeTesting()` swaps in: every socket goes to the controller. */
@Injectable()
export class RealtimeTestingBackend extends RealtimeBackend {
  private readonly controller = inject(RealtimeTestingController);

  openSocket(url: string, protocols?: string[]): WebSocketLike {
    return this.controller.openSocket(url, protocols);
  }

  fetch(url: string, init: HttpRequestLike): Promise<HttpResponseLike> {
    return this.controller.fetch(url, init);
  }

  /** No page lifecycle events in tests: the test decides when things happen. */
  lifecycle(): LifecycleSource | null {
    return null;
  }

  /** No tab sharing in tests: each TestBed is one tab with its own (fake) connection. */
  override tabSharing(): boolean {
    return false;
  }
}

/**
 * Replaces the network under `WebSocketService` with {@link RealtimeTestingController}.
 * List it after `provideRealtime(...)`, as `provideHttpClientTesting()` follows
 * `provideHttpClient()`.
 *
 * It also makes the per-frame publication of the feature services synchronous
 * (`REALTIME_FRAME_SCHEDULER`): `unreadCount()`, `typingUsers()`, `newPostsCount()` show an
 * emitted event at once. Provide another scheduler after it to test frame by frame.
 *
 * @example
 * TestBed.configureTestingModule({
 *   providers: [provideRealtime({ url: 'ws://test/ws', token: () => 't' }), provideRealtimeTesting()],
 * });
 * const controller = TestBed.inject(RealtimeTestingController);
 */
export function provideRealtimeTesting(): EnvironmentProviders {
  return makeEnvironmentProviders([
    RealtimeTestingController,
    RealtimeTestingBackend,
    { provide: RealtimeBackend, useExisting: RealtimeTestingBackend },
    // Publishes at once, so a test reads the state right after the event it emitted.
    { provide: REALTIME_FRAME_SCHEDULER, useValue: synchronousFrameScheduler },
  ]);
}
