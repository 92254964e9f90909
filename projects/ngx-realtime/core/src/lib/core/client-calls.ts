import type { TokenProvider } from './auth';

/** Result of `RealtimeClient.send`. */
export interface SendReceipt {
  /** Id of the message (stable across retries). */
  readonly id: string;
  /** True when the message waits in the outbox rather than having been written. */
  readonly queued: boolean;
}

/** Options of an acknowledged send. */
export interface AckOptions {
  /** Time to wait for the ack (default: the client's `ackTimeoutMs`, 10 s). */
  readonly timeoutMs?: number;
}

/** Credentials handed to `connect()`; they replace the configured ones. */
export interface ConnectCredentials {
  readonly token?: string | TokenProvider;
  readonly userId?: string;
}
