import type { Observable } from 'rxjs';
import type { RealtimeError } from '../errors/realtime-error';
import type { AckOptions, ConnectCredentials, SendReceipt } from '../core/client-calls';
import type { ConnectionStatus } from '../core/connection-status';
import type { RealtimeStats, RecoveryEvent } from '../core/stats';
import type { OutgoingMessage, RealtimeMessage } from '../protocol/message';
import type { MissedMessages } from '../protocol/realtime-protocol';

/**
 * What the Angular layer needs from a connection engine: implemented by `RealtimeClient`
 * (one connection per tab) and by `TabSharedClient` (one connection for all tabs), so
 * `WebSocketService` works the same over either. See `RealtimeClient` for each member.
 */
export interface RealtimeConnection {
  /** Connection state changes. */
  readonly status$: Observable<ConnectionStatus>;
  /** Every error, typed. */
  readonly errors$: Observable<RealtimeError>;
  /** The verdict of each catch-up after a reconnect. */
  readonly recovery$: Observable<RecoveryEvent>;
  /** Something in `stats` changed. */
  readonly changes$: Observable<void>;
  /** Every delivered event. */
  readonly messages$: Observable<RealtimeMessage>;
  /** The current state. */
  readonly status: ConnectionStatus;
  /** Counters and timings of the connection. */
  readonly stats: RealtimeStats;
  /** Opens the connection (and keeps it up) with optional credentials. */
  connect(credentials?: ConnectCredentials): void;
  /** Closes it for good, until `connect()`. */
  disconnect(): void;
  /** Drops the link and starts again at once with a fresh retry budget. */
  reconnect(): void;
  /** Ends the connection and completes every stream. */
  destroy(): void;
  /** The events of a channel; the channel is joined while someone listens. */
  channel(channel: string): Observable<RealtimeMessage>;
  /** Leaves a channel whatever its listeners. */
  unsubscribe(channel: string): void;
  /** The events of one type, whatever their channel. */
  events(type: string): Observable<RealtimeMessage>;
  /** Sends (or queues while offline) without an acknowledgement. */
  send(message: OutgoingMessage): SendReceipt;
  /** Sends and emits the server's acknowledgement (cold, like HttpClient). */
  sendWithAck<T = unknown>(message: OutgoingMessage, options?: AckOptions): Observable<T>;
  /** The events the server logged after `lastSequence`, over HTTP. */
  getMissedMessages(lastSequence: number): Promise<MissedMessages>;
}
