import { InjectionToken } from '@angular/core';
import { RealtimeError, type DirectMessagePayload } from 'ngx-realtime/core';
import type { Observable, ObservableInput } from 'rxjs';

/** Why a {@link MessageHistoryLoader} is called. */
export type HistoryLoadReason =
  /** The conversation was opened (its first `openConversation`). */
  | 'open'
  /** A reconnect left a gap the server could not replay (`recovery$` with `recovered: false`). */
  | 'gap';

/**
 * Loads the latest messages of a conversation from the app's own API (the realtime protocol
 * has no history request). Runs in an injection context, so it may `inject(HttpClient)`.
 * Return them in any order, in the `message` payload shape; they are merged, deduplicated
 * and ordered by `created_at`.
 *
 * @example
 * loadHistory: (id) => inject(HttpClient).get<DirectMessagePayload[]>(`/api/conversations/${id}/messages`)
 */
export type MessageHistoryLoader = (
  conversationId: string,
  reason: HistoryLoadReason,
) => Observable<readonly DirectMessagePayload[]> | Promise<readonly DirectMessagePayload[]>;

/** A message to send, as handed to a {@link ChatMessageSender}. */
export interface OutgoingChatMessage {
  readonly conversationId: string;
  readonly content: string;
  /** The client's id of the message: the same on every `retry()`, for idempotency. */
  readonly clientId: string;
}

/**
 * Sends a message some other way than over the socket: through the backend's REST API, for
 * a dialect whose socket does not carry messages (the Listings chat API), or for an app that
 * posts messages over HTTP anyway. Runs in an injection context, so it may
 * `inject(HttpClient)`. Its first value is the stored message (the `message` payload shape),
 * which confirms the send (`sent`) as an ack would; an error marks the message `failed`.
 *
 * @example
 * sendMessage: ({ conversationId, content, clientId }) =>
 *   inject(HttpClient).post(`/api/chats/${conversationId}/messages`, { content, client_id: clientId })
 */
export type ChatMessageSender = (message: OutgoingChatMessage) => ObservableInput<unknown>;

/** Options of `withMessages()`. Every one has a default (docs/messages.md). */
export interface MessagesOptions {
  /** Messages kept per conversation, the newest (default 200). Unsent ones are never dropped. */
  readonly maxMessagesPerConversation?: number;
  /** Closed conversations whose messages stay in memory, the most recently used (default 20). */
  readonly maxCachedConversations?: number;
  /**
   * How long a sent message may wait for the server's ack, time offline included
   * (default 300 000 ms: 5 minutes). Then it is `failed` and, if still queued, withdrawn
   * from the outbox, so it never goes out behind the user's back; `retry()` sends it again.
   */
  readonly sendTimeoutMs?: number;
  /** Least time between two `typing_start` frames of one conversation (default 2 000 ms). */
  readonly typingThrottleMs?: number;
  /** `typing_stop` after this long without input (default 3 000 ms). */
  readonly typingIdleMs?: number;
  /** Someone else's typing indicator disappears this long after their last `typing_start` (default 5 000 ms). */
  readonly typingExpiryMs?: number;
  /** `markRead` calls within this window go out as one `read_receipt` per conversation (default 300 ms). */
  readonly receiptBatchMs?: number;
  /**
   * Whether this client tells others what the user read (default `true`). `false`: no
   * `read_receipt` is sent (the local unread counts still drop). Change it at run time with
   * `setReadReceipts()`, which also tells the server.
   */
  readonly readReceipts?: boolean;
  /** Loads history when a conversation is opened and after an unrecovered gap (default none). */
  readonly loadHistory?: MessageHistoryLoader;
  /**
   * Sends messages through the app instead of as `send_message` over the socket (default
   * none: the socket, acknowledged). `sendTimeoutMs` still applies.
   */
  readonly sendMessage?: ChatMessageSender;
}

/** {@link MessagesOptions} with every default filled in. */
export interface ResolvedMessagesOptions extends Required<
  Omit<MessagesOptions, 'loadHistory' | 'sendMessage'>
> {
  readonly loadHistory: MessageHistoryLoader | null;
  readonly sendMessage: ChatMessageSender | null;
}

/** The defaults of {@link MessagesOptions}. */
export const DEFAULT_MESSAGES_OPTIONS: Omit<
  ResolvedMessagesOptions,
  'loadHistory' | 'sendMessage'
> = {
  maxMessagesPerConversation: 200,
  maxCachedConversations: 20,
  sendTimeoutMs: 300_000,
  typingThrottleMs: 2_000,
  typingIdleMs: 3_000,
  typingExpiryMs: 5_000,
  receiptBatchMs: 300,
  readReceipts: true,
};

/** The options `withMessages()` resolved. */
export const MESSAGES_OPTIONS = new InjectionToken<ResolvedMessagesOptions>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'MESSAGES_OPTIONS' : '',
);

const COUNTS = ['maxMessagesPerConversation', 'maxCachedConversations'] as const;
const DURATIONS = [
  'sendTimeoutMs',
  'typingThrottleMs',
  'typingIdleMs',
  'typingExpiryMs',
  'receiptBatchMs',
] as const;

/**
 * Fills in the defaults and checks the values.
 * @throws RealtimeError `invalid_config` for a count below 1 or a duration that is not a
 * positive finite number (a timer cannot wait for ever: `Infinity` would fire at once).
 */
export function resolveMessagesOptions(options: MessagesOptions): ResolvedMessagesOptions {
  const resolved: ResolvedMessagesOptions = {
    ...DEFAULT_MESSAGES_OPTIONS,
    ...definedOnly(options),
    loadHistory: options.loadHistory ?? null,
    sendMessage: options.sendMessage ?? null,
  };
  for (const name of COUNTS) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1)
      throw invalid(`${name} must be a whole number of at least 1`);
  }
  for (const name of DURATIONS) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value <= 0 || value > 2_147_483_647)
      throw invalid(`${name} must be a positive number of milliseconds (at most 2^31 - 1)`);
  }
  return resolved;
}

function definedOnly(options: MessagesOptions): Partial<MessagesOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function invalid(message: string): RealtimeError {
  return new RealtimeError('invalid_config', `withMessages: ${message}`);
}
