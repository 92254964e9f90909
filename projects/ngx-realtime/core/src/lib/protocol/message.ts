/**
 * A decoded, validated event in the library's canonical shape, whatever dialect the server
 * speaks. Features and apps only ever see this shape, never wire frames.
 *
 * @typeParam T - the payload type.
 * @typeParam K - the event type name.
 */
export interface RealtimeMessage<T = unknown, K extends string = string> {
  /** Unique id of the event (deduplication key). */
  readonly id: string;
  /** Event type, for example `notification`. */
  readonly type: K;
  /** Type-specific data, validated by the protocol. */
  readonly payload: T;
  /** Channel the event belongs to, when the server said. */
  readonly channel?: string;
  /** Acknowledgement id for request/response correlation. */
  readonly ackId?: string;
  /** ISO 8601 time the server stamped on the event. */
  readonly timestamp: string;
  /**
   * Per-user sequence number, when the server provides one (ngx-realtime extension used for
   * gap detection and catch-up).
   */
  readonly seq?: number;
  /**
   * The `seq` of the event the server sent before this one on the same connection
   * (ngx-realtime extension): when it is above the last one received, a frame went missing.
   */
  readonly prevSeq?: number;
}

/**
 * What an app hands to `send` / `sendWithAck`. The library adds `id`, `timestamp` and, for
 * acknowledged sends, `ack_id`.
 *
 * @typeParam T - the payload type.
 */
export interface OutgoingMessage<T extends object = object> {
  /** Message type the server understands, for example `send_message`. */
  readonly type: string;
  /** Message data. */
  readonly payload: T;
  /** Target channel, when the message is channel-scoped. */
  readonly channel?: string;
  /**
   * Stable id; give one to make a send idempotent across retries. Generated when absent.
   */
  readonly id?: string;
}

/** An outgoing message after the library stamped it, ready for a protocol to encode. */
export interface StampedMessage {
  readonly id: string;
  readonly type: string;
  readonly payload: object;
  readonly channel?: string;
  readonly ackId?: string;
  readonly timestamp: string;
}
