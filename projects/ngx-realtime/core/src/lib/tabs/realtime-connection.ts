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
  readonly status$: Observable<ConnectionStatus>;
  readonly errors$: Observable<RealtimeError>;
  readonly recovery$: Observable<RecoveryEvent>;
  readonly changes$: Observable<void>;
  readonly messages$: Observable<RealtimeMessage>;
  readonly status: ConnectionStatus;
  readonly stats: RealtimeStats;
  connect(credentials?: ConnectCredentials): void;
  disconnect(): void;
  reconnect(): void;
  destroy(): void;
  channel(channel: string): Observable<RealtimeMessage>;
  unsubscribe(channel: string): void;
  events(type: string): Observable<RealtimeMessage>;
  send(message: OutgoingMessage): SendReceipt;
  sendWithAck<T = unknown>(message: OutgoingMessage, options?: AckOptions): Observable<T>;
  getMissedMessages(lastSequence: number): Promise<MissedMessages>;
}
