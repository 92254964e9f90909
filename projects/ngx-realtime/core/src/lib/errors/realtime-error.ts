/**
 * Every failure the library reports carries one of these codes, so apps can branch on
 * `error.code` instead of parsing messages.
 *
 * - `malformed_frame`: an inbound frame was not valid JSON (or not text).
 * - `invalid_message`: valid JSON that breaks the envelope or payload contract.
 * - `unknown_type`: a well-formed frame whose `type` the protocol does not know.
 * - `frame_too_large`: a frame over the configured size limit (checked before parsing).
 * - `server_error`: the server sent an `error` frame; `serverCode` holds its code.
 * - `ack_timeout`: `sendWithAck` got no acknowledgement in time.
 * - `duplicate_message`: `sendWithAck` reused the id of a message still waiting for its ack.
 * - `outbox_full` / `outbox_dropped`: the offline outbox refused or evicted a message.
 * - `outbox_expired`: a message persisted by an earlier page outlived the outbox TTL and was
 *   dropped unsent.
 * - `storage_failed`: the persistent outbox storage failed to load, save or delete; the
 *   in-memory outbox carries on without it.
 * - `unauthorized`: the server rejected the credentials twice (terminal state).
 * - `transport_error`: the socket or an HTTP request failed at the network level.
 * - `polling_failed`: a long-poll request failed with an unexpected HTTP status.
 * - `channel_rejected`: the server refused a channel subscription.
 * - `disconnected`: the operation was abandoned because the app called `disconnect()`.
 * - `not_supported`: the protocol dialect lacks the capability the call needs (the
 *   "unsupported" error: for example `sendWithAck` of a frame the dialect never confirms).
 * - `validation_error`: the server refused a frame's content as invalid (Chat API
 *   `validation_error`); `serverCode` holds the server's code.
 * - `blocked`: the server refused a message because one user blocked the other (Chat API
 *   `blocked`).
 * - `send_failed`: the server could not store or deliver a message (Chat API `send_failed`).
 * - `conversation_not_found`: the conversation named by a frame does not exist or the user
 *   is not in it (Chat API `conversation_not_found`).
 * - `unavailable`: the call cannot run on this platform (for example during SSR).
 * - `invalid_config`: the configuration contradicts itself.
 * - `invalid_tab_message`: another tab (or any script of the origin) posted a message on the
 *   tab-sharing channel that is not a valid tab message; it was ignored.
 */
export type RealtimeErrorCode =
  | 'malformed_frame'
  | 'invalid_message'
  | 'unknown_type'
  | 'frame_too_large'
  | 'server_error'
  | 'ack_timeout'
  | 'duplicate_message'
  | 'outbox_full'
  | 'outbox_dropped'
  | 'outbox_expired'
  | 'storage_failed'
  | 'unauthorized'
  | 'transport_error'
  | 'polling_failed'
  | 'channel_rejected'
  | 'disconnected'
  | 'not_supported'
  | 'validation_error'
  | 'blocked'
  | 'send_failed'
  | 'conversation_not_found'
  | 'unavailable'
  | 'invalid_config'
  | 'invalid_tab_message';

/** Extra, non-secret facts attached to a {@link RealtimeError}. */
export interface RealtimeErrorOptions {
  /** The code the server used in its `error` frame or ack (for example `RATE_LIMITED`). */
  readonly serverCode?: string;
  /** Id of the message the error is about, when there is one. */
  readonly messageId?: string;
  /** Channel the error is about, when there is one. */
  readonly channel?: string;
  /** Structured details from the server or the validator. Never contains credentials. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying error, when one was caught. */
  readonly cause?: unknown;
}

/**
 * The one error type of ngx-realtime: a typed `code` plus optional context.
 *
 * Messages are written by the library and never include tokens or URLs with query strings.
 *
 * @example
 * realtime.errors.subscribe((error) => {
 *   if (error.code === 'server_error' && error.serverCode === 'RATE_LIMITED') slowDown();
 * });
 */
export class RealtimeError extends Error {
  override readonly name = 'RealtimeError';
  readonly serverCode?: string;
  readonly messageId?: string;
  readonly channel?: string;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
    options: RealtimeErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.serverCode = options.serverCode;
    this.messageId = options.messageId;
    this.channel = options.channel;
    this.details = options.details;
  }
}

/** True when `value` is a {@link RealtimeError}, optionally with the given code. */
export function isRealtimeError(value: unknown, code?: RealtimeErrorCode): value is RealtimeError {
  return value instanceof RealtimeError && (code === undefined || value.code === code);
}
