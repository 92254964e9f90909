import type { RealtimeError } from '../errors/realtime-error';
import type { OutgoingMessage, RealtimeMessage, StampedMessage } from './message';

/** What a dialect can do; the engine only uses what is declared here. */
export interface ProtocolCapabilities {
  /** The server acknowledges frames that carry an ack id. */
  readonly acks: boolean;
  /** The dialect has an app-level heartbeat frame the server answers. */
  readonly heartbeat: boolean;
  /** The dialect has subscribe / unsubscribe frames for channels. */
  readonly channels: boolean;
  /** The server offers the HTTP long-polling endpoints. */
  readonly polling: boolean;
  /** The server replays missed events by sequence number over the socket. */
  readonly missedMessages: boolean;
}

/** How an inbound frame settles a pending acknowledged send. */
export type AckResolution =
  | { readonly ackId: string; readonly ok: true; readonly data: unknown }
  | { readonly ackId: string; readonly ok: false; readonly error: RealtimeError };

/** One long-poll response in canonical form. */
export interface PollResult {
  readonly events: readonly RealtimeMessage[];
  /** Cursor to send as `last_poll_id` next time. */
  readonly lastPollId: string;
  /** The server has more events ready: poll again at once. */
  readonly hasMore: boolean;
  /** Frames of the response that failed validation (already dropped). */
  readonly rejected: readonly RealtimeError[];
}

/** Events replayed after a gap, plus whether the server still had all of them. */
export interface MissedMessages {
  readonly messages: readonly RealtimeMessage[];
  /** `false` when the server says its log no longer covers the whole range asked for. */
  readonly complete: boolean;
  /** Items of the reply that failed validation (already dropped). */
  readonly rejected: readonly RealtimeError[];
  /** The server's latest sequence number, when it says (a value below ours means a restart). */
  readonly lastSequence?: number;
  /** The server run the sequence numbers belong to, when it says. */
  readonly epoch?: string;
}

/** Where the server's sequence stands when a connection opens (from its greeting). */
export interface SequencePosition {
  readonly lastSequence?: number;
  readonly epoch?: string;
}

/**
 * A wire dialect: turns canonical messages into frames and frames into canonical events.
 * Implementations are pure (no I/O, no timers), so they are trivially testable and can be
 * swapped with `withProtocol(...)`.
 */
export interface RealtimeProtocol {
  /** Short name used in diagnostics, for example `socialhub`. */
  readonly name: string;
  readonly capabilities: ProtocolCapabilities;
  /** Serialises a stamped outgoing message into one text frame. */
  encode(message: StampedMessage): string;
  /**
   * Parses and validates one inbound text frame.
   * @throws RealtimeError with code `frame_too_large`, `malformed_frame`,
   * `invalid_message` or `unknown_type`.
   */
  decode(frame: string): RealtimeMessage;
  /** The frame that joins `channel`, or `null` when the dialect has no channels. */
  subscribeMessage(channel: string): OutgoingMessage | null;
  /** The frame that leaves `channel`, or `null` when the dialect has no channels. */
  unsubscribeMessage(channel: string): OutgoingMessage | null;
  /** The app-level heartbeat frame, or `null` when the dialect has none. */
  heartbeatMessage(now: Date): OutgoingMessage | null;
  /** The request for events after `lastSequence`, or `null` when unsupported. */
  missedMessagesRequest(lastSequence: number): OutgoingMessage | null;
  /** Reads the acknowledged reply to {@link missedMessagesRequest}. */
  readMissedMessages(reply: unknown): MissedMessages;
  /**
   * When `message` is the server's greeting and says where its sequence stands, that
   * position; otherwise `null`. Lets a client that has seen no event yet catch up later.
   */
  sequencePosition(message: RealtimeMessage): SequencePosition | null;
  /** When `message` settles an acknowledged send, how; otherwise `null`. */
  resolveAck(message: RealtimeMessage): AckResolution | null;
  /** When `message` reports a server-side error, that error as a typed value. */
  serverError(message: RealtimeMessage): RealtimeError | null;
  /** True for server error codes that mean "your credentials are not accepted". */
  isAuthFailure(error: RealtimeError): boolean;
  /** Reads a long-poll HTTP response body. */
  readPollResponse(body: unknown): PollResult;
}
