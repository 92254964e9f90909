import type { RealtimeErrorCode } from '../errors/realtime-error';
import type { OutgoingMessage, RealtimeMessage } from '../protocol/message';
import type { ConnectionStatus } from '../core/connection-status';
import type { RealtimeStats, RecoveryEvent } from '../core/stats';

/** Marks (and versions) every message of the tab protocol. */
export const TAB_PROTOCOL = 'ngx-realtime/tabs@1';

/** A {@link RealtimeError} as it crosses between tabs (structured clone loses the class). */
export interface TabError {
  readonly code: RealtimeErrorCode;
  readonly message: string;
  readonly serverCode?: string;
  readonly messageId?: string;
  readonly channel?: string;
}

/** The shared connection as the leader reports it, with every heartbeat and change. */
export interface LeaderState {
  readonly status: ConnectionStatus;
  readonly stats: RealtimeStats;
  /** Whether some tab asked for the connection (a new leader connects only then). */
  readonly wanted: boolean;
}

/** What a follower asks the leader to do for it. */
export type TabRequest =
  | { readonly op: 'send'; readonly message: OutgoingMessage & { readonly id: string } }
  | {
      readonly op: 'ack';
      readonly message: OutgoingMessage & { readonly id: string };
      readonly timeoutMs?: number;
    }
  | { readonly op: 'missed'; readonly lastSequence: number };

/** How the leader answers a {@link TabRequest}. */
export type TabReply =
  /** Handed to the leader's client: a plain send is done, an ack is awaited. */
  | { readonly outcome: 'accepted' }
  | { readonly outcome: 'ack'; readonly data: unknown }
  | {
      readonly outcome: 'missed';
      readonly messages: readonly RealtimeMessage[];
      readonly complete: boolean;
    }
  | { readonly outcome: 'failed'; readonly error: TabError };

/** Sent by the tab holding the connection. */
export type LeaderMessage =
  | { readonly kind: 'state'; readonly state: LeaderState }
  /** `position` is the leader's sequence position once the event was delivered. */
  | {
      readonly kind: 'event';
      readonly message: RealtimeMessage;
      readonly position: number | null;
    }
  | { readonly kind: 'error'; readonly error: TabError }
  | { readonly kind: 'recovery'; readonly recovery: RecoveryEvent }
  | { readonly kind: 'ended'; readonly channel: string; readonly error?: TabError }
  | {
      readonly kind: 'reply';
      readonly to: string;
      readonly requestId: string;
      readonly reply: TabReply;
    };

/** Sent by a tab that does not hold the connection. */
export type FollowerMessage =
  /** Sent periodically: the tab is alive and wants these channels. */
  | { readonly kind: 'hello'; readonly channels: readonly string[] }
  | { readonly kind: 'bye' }
  | { readonly kind: 'join'; readonly channel: string }
  | { readonly kind: 'leave'; readonly channel: string }
  | { readonly kind: 'request'; readonly requestId: string; readonly request: TabRequest }
  | { readonly kind: 'cancel'; readonly requestId: string }
  | { readonly kind: 'command'; readonly command: 'connect' | 'disconnect' | 'reconnect' };

/** Any message of the tab protocol, with its envelope. */
export type TabMessage = (LeaderMessage | FollowerMessage) & {
  readonly ns: typeof TAB_PROTOCOL;
  /** The sending tab's random id. */
  readonly from: string;
};

/** Kinds only a leader sends. */
export const LEADER_KINDS: ReadonlySet<string> = new Set([
  'state',
  'event',
  'error',
  'recovery',
  'ended',
  'reply',
]);
