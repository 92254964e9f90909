/**
 * States of the connection:
 * - `disconnected`: not connected and not trying (initial state, after `disconnect()`, or
 *   after the reconnect budget ran out with polling disabled).
 * - `connecting`: first attempt after `connect()`.
 * - `connected`: the WebSocket is open and subscriptions are restored.
 * - `reconnecting`: the link was lost; waiting for or making the next attempt.
 * - `polling`: the fallback: events arrive over HTTP long polling while the WebSocket is
 *   probed in the background.
 * - `unauthorized`: terminal until the app calls `connect()` or `reconnect()` again.
 */
export const ConnectionStatus = {
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  POLLING: 'polling',
  UNAUTHORIZED: 'unauthorized',
} as const;

/** One of the {@link ConnectionStatus} values. */
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];
