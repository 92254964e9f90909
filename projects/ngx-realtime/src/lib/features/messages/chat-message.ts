import type { DirectMessagePayload, MessageSender, RealtimeError } from 'ngx-realtime/core';

/**
 * Where a message stands.
 *
 * For a message the user sent: `sending` (optimistic, waiting for the server's ack, also
 * while offline) → `sent` (stored by the server, server id known) → `delivered` (a
 * recipient's device has it) → `read` (another participant read it); or `failed` (see
 * `error`), from where `MessagesRealtime.retry()` goes back to `sending`.
 *
 * For a message someone else sent: `delivered` until this user marks it read, then `read`.
 */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message of a conversation, as `MessagesRealtime.messages(id)` lists it. */
export interface ChatMessage {
  /**
   * Stable identity for `@for (...; track message.key)`: the client id of a message sent
   * from here (it survives the switch to the server id), the server id otherwise.
   */
  readonly key: string;
  /** The server's id once known; the client id while `sending` or `failed`. */
  readonly id: string;
  readonly conversationId: string;
  readonly senderId: string;
  readonly content: string;
  /** Server time (ISO 8601); the local time while the server has not stored it yet. */
  readonly createdAt: string;
  /** True when the signed-in user sent it (from here or from another device). */
  readonly mine: boolean;
  readonly status: MessageStatus;
  readonly sender?: MessageSender;
  /** Why the send failed (`ack_timeout`, `server_error` with `serverCode`, ...). */
  readonly error?: RealtimeError;
}

/** Someone typing in a conversation. */
export interface TypingUser {
  readonly userId: string;
  readonly username?: string;
}

const RANK: Readonly<Record<MessageStatus, number>> = {
  failed: 0,
  sending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/** The further of two statuses: a status never moves backwards (a late `delivered` after `read`). */
export function furtherStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return RANK[next] > RANK[current] ? next : current;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * A message from a `message` event, an ack or a history loader, or `null` when the payload
 * lacks what a message needs (bad input is dropped, never thrown).
 */
export function messageFromPayload(payload: unknown, userId: string | null): ChatMessage | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const data = payload as Partial<Record<keyof DirectMessagePayload, unknown>>;
  const { id, conversation_id, sender_id, content, created_at } = data;
  if (!isText(id) || !isText(conversation_id) || !isText(sender_id)) return null;
  if (typeof content !== 'string' || !isText(created_at)) return null;
  const mine = userId !== null && sender_id === userId;
  const read = data.is_read === true;
  const sender = isSender(data.sender) ? data.sender : undefined;
  return {
    key: id,
    id,
    conversationId: conversation_id,
    senderId: sender_id,
    content,
    createdAt: created_at,
    mine,
    status: read ? 'read' : mine ? 'sent' : 'delivered',
    ...(sender ? { sender } : {}),
  };
}

function isSender(value: unknown): value is MessageSender {
  return typeof value === 'object' && value !== null && isText((value as MessageSender).id);
}
