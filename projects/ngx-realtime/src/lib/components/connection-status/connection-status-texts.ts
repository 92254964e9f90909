import type { ConnectionStatus } from 'ngx-realtime/core';

/** Every text `rt-connection-status` shows or announces; override through its `texts` input. */
export interface RtConnectionStatusTexts {
  /** Default `Connected`. */
  readonly connected: string;
  /** Default `Connecting…`. */
  readonly connecting: string;
  /**
   * Receives the whole seconds until the next attempt, or `null` while an attempt is under
   * way (or its time is unknown) and for the screen-reader announcement (which does not
   * count down). Default `Reconnecting in 4 s…` / `Reconnecting…`.
   */
  readonly reconnecting: (seconds: number | null) => string;
  /** Default `Offline, using polling`. */
  readonly polling: string;
  /** Default `Not authorized`. */
  readonly unauthorized: string;
  /** Default `Disconnected`. */
  readonly disconnected: string;
  /** The retry button's label. Default `Retry`. */
  readonly retry: string;
}

/** The English texts of `rt-connection-status`. */
export const DEFAULT_CONNECTION_STATUS_TEXTS: RtConnectionStatusTexts = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: (seconds) => (seconds === null ? 'Reconnecting…' : `Reconnecting in ${seconds} s…`),
  polling: 'Offline, using polling',
  unauthorized: 'Not authorized',
  disconnected: 'Disconnected',
  retry: 'Retry',
};

/** The states in which `rt-connection-status` offers its retry button. */
export const RETRYABLE_CONNECTION_STATUSES: ReadonlySet<ConnectionStatus> =
  new Set<ConnectionStatus>(['reconnecting', 'disconnected', 'unauthorized']);

/** The text of `status`; `seconds` is the countdown of `reconnecting` (`null`: none). */
export function connectionStatusText(
  status: ConnectionStatus,
  seconds: number | null,
  texts: RtConnectionStatusTexts,
): string {
  return status === 'reconnecting' ? texts.reconnecting(seconds) : texts[status];
}
