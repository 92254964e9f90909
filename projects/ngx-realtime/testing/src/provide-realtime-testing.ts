import {
  inject,
  Injectable,
  makeEnvironmentProviders,
  type EnvironmentProviders,
} from '@angular/core';
import {
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
}

/**
 * Replaces the network under `WebSocketService` with {@link RealtimeTestingController}.
 * List it after `provideRealtime(...)`, as `provideHttpClientTesting()` follows
 * `provideHttpClient()`.
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
  ]);
}
