import type { LongPollingOptions, PollingOptions } from '../core/client-options';
import { LongPollingTransport } from './long-polling-transport';

/**
 * The HTTP long-polling fallback for {@link RealtimeClientOptions.polling}: the settings
 * together with the loop that runs them. Polling lives behind this call so that an app
 * without it does not bundle the poller (Angular: `withPolling()` calls it).
 *
 * @example
 * new RealtimeClient({ url: 'wss://api.example.com/ws', polling: longPolling({ mode: 'fallback' }) });
 */
export function longPolling(options: LongPollingOptions): PollingOptions {
  return {
    ...options,
    poller: (fetch, clock, protocol, settings, token, events) =>
      new LongPollingTransport(fetch, clock, protocol, settings, token, events),
  };
}
