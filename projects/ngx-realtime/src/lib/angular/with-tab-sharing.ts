import { InjectionToken } from '@angular/core';
import {
  isRealtimeError,
  RealtimeClient,
  tabGroupName,
  TabSharedClient,
  type RealtimeClientOptions,
  type RealtimeConnection,
  type TabChannelFactory,
  type TabLockManager,
  type TabPage,
} from 'ngx-realtime/core';
import { RealtimeFeatureKind, type RealtimeFeature } from './provide-realtime';

/** Options of {@link withTabSharing}; every one has a default. */
export interface TabSharingFeatureOptions {
  /**
   * The sharing group (default: the endpoint without its query, and the configured `userId`).
   * Tabs of the same origin with the same group share one connection; give each signed-in
   * account its own group when one browser profile can hold several.
   */
  readonly group?: string;
  /** How often the leader tab tells the others it is alive (default 500 ms). */
  readonly heartbeatMs?: number;
  /** Silence after which a visible tab replaces a frozen or hung leader (default 1 500 ms). */
  readonly leaderTimeoutMs?: number;
  /**
   * Query parameter added to the leader's WebSocket URL so the server knows the socket is
   * shared and sends it the echo of its own actions too (read state, own messages), which a
   * server normally sends only to the user's other sockets. Default `shared=1`; `null` adds
   * nothing (then other tabs learn of such actions only after a reload).
   */
  readonly sharedQuery?: string | null;
  /** Web Locks (default `navigator.locks`); `null` elects over `BroadcastChannel`. */
  readonly locks?: TabLockManager | null;
  /** Opens the tab channel (default `BroadcastChannel`). */
  readonly channel?: TabChannelFactory;
  /** Visibility and page lifecycle (default: the document's events). */
  readonly page?: TabPage | null;
}

/**
 * Opens the connection of `WebSocketService` from its client options: one shared by every
 * tab, as `withTabSharing()` sets it up.
 */
export type TabSharingConnector = (options: RealtimeClientOptions) => RealtimeConnection;

/**
 * The connector `withTabSharing()` provides; absent means one connection per tab. Only this
 * feature references the tab-sharing code, so apps without it do not bundle it.
 */
export const REALTIME_TAB_SHARING = new InjectionToken<TabSharingConnector>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_TAB_SHARING' : '',
);

/**
 * One connection for all tabs of the user: one tab (the leader, elected with the Web Locks
 * API) holds the WebSocket, the others receive its events and send through it over a
 * `BroadcastChannel`. `WebSocketService` and the domain services work the same in every
 * tab. When the leader tab closes, freezes or hangs, another takes over within two seconds
 * and catches up from the last sequence number the tabs saw, so no event is lost or
 * duplicated in any tab. On the server (SSR), and where `BroadcastChannel` is missing, each
 * tab keeps its own connection (on the server: none).
 *
 * @example
 * provideRealtime({ url: 'wss://api.example.com/ws', token }, withTabSharing());
 */
export function withTabSharing(
  options: TabSharingFeatureOptions = {},
): RealtimeFeature<RealtimeFeatureKind.TabSharing> {
  return {
    kind: RealtimeFeatureKind.TabSharing,
    providers: [
      {
        provide: REALTIME_TAB_SHARING,
        useValue: ((client) => shareAcrossTabs(client, options)) satisfies TabSharingConnector,
      },
    ],
    settings: { ...options },
  };
}

/**
 * One connection for all tabs; a connection of this tab's own where the platform has no
 * `BroadcastChannel`.
 */
function shareAcrossTabs(
  options: RealtimeClientOptions,
  sharing: TabSharingFeatureOptions,
): RealtimeConnection {
  const query = sharing.sharedQuery === undefined ? 'shared=1' : sharing.sharedQuery;
  const url =
    query === null ? options.url : `${options.url}${options.url.includes('?') ? '&' : '?'}${query}`;
  try {
    return new TabSharedClient({
      name: sharing.group ?? tabGroupName(options.url, options.userId),
      createClient: (resumeFrom) => new RealtimeClient({ ...options, url, resumeFrom }),
      heartbeatMs: sharing.heartbeatMs,
      leaderTimeoutMs: sharing.leaderTimeoutMs,
      locks: sharing.locks,
      channel: sharing.channel,
      page: sharing.page,
      clock: options.clock,
      ids: options.ids,
    });
  } catch (error) {
    if (!isRealtimeError(error, 'unavailable')) throw error;
    return new RealtimeClient(options);
  }
}
