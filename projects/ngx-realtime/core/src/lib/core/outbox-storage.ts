import type { StampedMessage } from '../protocol/message';

/**
 * One queued message as a persistent outbox stores it: what the engine needs to send it again
 * after a page reload, and when it was queued (for the TTL).
 */
export interface PersistedOutboxEntry {
  /** The message as stamped by the client (its `id` is the storage key). */
  readonly message: StampedMessage;
  /** The message already encoded by the protocol, as it was queued. */
  readonly frame: string;
  /** Epoch milliseconds (the client's clock) at which the message was queued. */
  readonly enqueuedAt: number;
}

/**
 * Where the outbox keeps queued messages so they survive a page reload. Deliberately small
 * (four asynchronous methods) so an app can back it with IndexedDB, SQLite, a native bridge or
 * anything else. The engine calls it fire-and-forget: a rejected promise is reported on
 * `errors$` as `storage_failed` and never affects the in-memory outbox or `send()`.
 *
 * Ready-made: {@link indexedDbOutboxStorage} (browsers) and {@link memoryOutboxStorage}
 * (tests, Node scripts).
 *
 * @example
 * const client = new RealtimeClient({ url, outboxStorage: indexedDbOutboxStorage() });
 */
export interface OutboxStorage {
  /**
   * Every stored entry, oldest first (by `enqueuedAt`, ties in the order they were added).
   * Why: called once when a client starts, to send what an earlier page left behind.
   */
  load(): Promise<readonly PersistedOutboxEntry[]>;
  /**
   * Stores `entry` under `entry.message.id`, replacing an entry with the same id.
   * Why: called when a send is queued in the outbox (only queued sends need to survive).
   */
  add(entry: PersistedOutboxEntry): Promise<void>;
  /**
   * Deletes the entry with this message id; no-op when there is none.
   * Why: called when the message was written, acknowledged, withdrawn, evicted or expired, so
   * it is never sent by a later page.
   */
  remove(id: string): Promise<void>;
  /**
   * Deletes every entry. Not called by the engine.
   * Why: for the app, on sign-out, so the next user of the browser never sends messages the
   * previous one queued.
   */
  clear(): Promise<void>;
}
