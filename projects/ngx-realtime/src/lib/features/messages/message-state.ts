import type { Signal } from '@angular/core';
import { RealtimeError } from 'ngx-realtime/core';
import { BoundedSet } from './bounded-set';
import {
  furtherStatus,
  messageFromPayload,
  type ChatMessage,
  type MessageStatus,
} from './chat-message';
import { ConversationStore } from './conversation-store';
import { findById, insertMessage, updateMessage } from './message-list';
import { UnreadTracker } from './unread-tracker';

/** Message ids remembered to drop replays and duplicates of messages no longer in a list. */
const SEEN_IDS = 5_000;
/** Receipts kept for messages whose ack has not come yet (the server sends them first). */
const EARLY_RECEIPTS = 1_000;

/** Limits of {@link MessageState}. */
export interface MessageStateLimits {
  readonly maxMessagesPerConversation: number;
  readonly maxCachedConversations: number;
}

/**
 * The domain state of direct messages, with no socket in sight: message lists, statuses,
 * unread counts, deduplication. `MessagesRealtime` feeds it events and the outcomes of its
 * sends. Every method takes already-received data and never throws on bad input.
 */
export class MessageState {
  readonly unread = new UnreadTracker();
  private readonly store: ConversationStore;
  /** Every message id seen (events, acks, history): a replay is not a new message. */
  private readonly seen = new BoundedSet(SEEN_IDS);
  /** Statuses for server ids whose ack has not arrived yet. */
  private readonly earlyStatus = new Map<string, MessageStatus>();

  constructor(
    private readonly limits: MessageStateLimits,
    isOpen: (conversationId: string) => boolean,
    private readonly userId: () => string | null,
  ) {
    this.store = new ConversationStore(limits.maxCachedConversations, isOpen);
  }

  messages(conversationId: string): Signal<readonly ChatMessage[]> {
    return this.store.messages(conversationId);
  }

  find(conversationId: string, key: string): ChatMessage | undefined {
    return this.store.list(conversationId).find((message) => message.key === key);
  }

  opened(conversationId: string): void {
    this.store.opened(conversationId);
  }

  closed(conversationId: string): void {
    this.store.wasClosed(conversationId);
  }

  // ---- the user's sends --------------------------------------------------------------------

  /** Adds a message being sent, or puts one back in place with a new status (retry). */
  put(message: ChatMessage): void {
    this.store.update(message.conversationId, (list) =>
      this.find(message.conversationId, message.key) === undefined
        ? insertMessage(list, message, this.cap)
        : updateMessage(list, message.key, () => message, this.cap),
    );
  }

  remove(conversationId: string, key: string): void {
    this.store.update(conversationId, (list) => list.filter((message) => message.key !== key));
  }

  /** The ack's data is the stored message: its server id and time replace the local ones. */
  acknowledged(conversationId: string, key: string, stored: unknown): void {
    const server = messageFromPayload(stored, this.userId());
    if (server === null) {
      // Accepted without the stored message (another server): sent, with the client id.
      return this.store.update(conversationId, (list) =>
        updateMessage(list, key, (message) => ({ ...message, status: 'sent' }), this.cap),
      );
    }
    this.seen.add(server.id);
    const early = this.earlyStatus.get(server.id) ?? 'sent';
    this.earlyStatus.delete(server.id);
    this.store.update(conversationId, (list) => {
      // The same message may be here already from an event (a replay overtook the ack).
      const copy = list.find((message) => message.id === server.id && message.key !== key);
      const rest = copy === undefined ? list : list.filter((message) => message !== copy);
      const status = furtherStatus(furtherStatus('sent', copy?.status ?? 'sent'), early);
      return updateMessage(rest, key, () => ({ ...server, key, mine: true, status }), this.cap);
    });
  }

  failed(conversationId: string, key: string, error: unknown): void {
    const typed =
      error instanceof RealtimeError
        ? error
        : new RealtimeError('server_error', 'Sending the message failed', { cause: error });
    this.store.update(conversationId, (list) =>
      updateMessage(
        list,
        key,
        (message) => ({ ...message, status: 'failed', error: typed }),
        this.cap,
      ),
    );
  }

  // ---- what others did ---------------------------------------------------------------------

  /** A `message` event. Returns the message when it is new, else `null`. */
  received(payload: unknown): ChatMessage | null {
    const message = messageFromPayload(payload, this.userId());
    if (message === null || this.seen.has(message.id)) return null;
    this.seen.add(message.id);
    const added = { ...message, status: this.takeEarlyStatus(message) };
    this.store.update(message.conversationId, (list) =>
      findById(list, message.id) === undefined ? insertMessage(list, added, this.cap) : list,
    );
    if (!added.mine && added.status !== 'read') this.unread.add(added.conversationId, added.id);
    return added;
  }

  /**
   * Moves the user's own messages forward (`delivered`, `read`); receipts for server ids not
   * acknowledged yet wait for the ack.
   */
  raiseStatus(conversationId: string, ids: readonly string[], status: MessageStatus): void {
    const list = this.store.list(conversationId);
    for (const id of ids) {
      if (findById(list, id) !== undefined) continue;
      this.earlyStatus.set(id, furtherStatus(this.earlyStatus.get(id) ?? 'sent', status));
      if (this.earlyStatus.size > EARLY_RECEIPTS)
        this.earlyStatus.delete(this.earlyStatus.keys().next().value as string);
    }
    const wanted = new Set(ids);
    this.mapMessages(conversationId, (message) => {
      if (!message.mine || !wanted.has(message.id)) return message;
      // A client id never matches a server id: only stored messages get here.
      const raised = furtherStatus(message.status, status);
      return raised === message.status ? message : { ...message, status: raised };
    });
  }

  /**
   * The user read these messages: they leave the unread count and are marked `read`.
   * Returns the ids a read receipt should name: not the user's own messages, not ones read
   * before; ids not in memory are taken as given.
   */
  markRead(conversationId: string, ids: readonly string[]): string[] {
    this.unread.remove(conversationId, ids);
    const list = this.store.list(conversationId);
    const fresh = ids.filter((id) => {
      const known = findById(list, id);
      return known === undefined || (!known.mine && known.status !== 'read');
    });
    const newlyRead = new Set(fresh);
    this.mapMessages(conversationId, (message) =>
      !message.mine && newlyRead.has(message.id) ? { ...message, status: 'read' } : message,
    );
    return fresh;
  }

  /** Adds loaded history that is not here yet; only messages never seen count as unread. */
  merge(conversationId: string, payloads: readonly unknown[]): void {
    const fresh: ChatMessage[] = [];
    for (const payload of payloads.slice(-this.cap)) {
      const message = messageFromPayload(payload, this.userId());
      if (message === null || message.conversationId !== conversationId) continue;
      const status = this.takeEarlyStatus(message);
      if (!this.seen.has(message.id) && !message.mine && status !== 'read')
        this.unread.add(conversationId, message.id);
      this.seen.add(message.id);
      fresh.push({ ...message, status });
    }
    this.store.update(conversationId, (list) =>
      fresh.reduce(
        (items, message) =>
          findById(items, message.id) === undefined
            ? insertMessage(items, message, this.cap)
            : items,
        list,
      ),
    );
  }

  private get cap(): number {
    return this.limits.maxMessagesPerConversation;
  }

  /** Applies `change` to every message of a conversation; no update when nothing changed. */
  private mapMessages(conversationId: string, change: (message: ChatMessage) => ChatMessage): void {
    this.store.update(conversationId, (list) => {
      const next = list.map(change);
      return next.some((message, index) => message !== list[index]) ? next : list;
    });
  }

  private takeEarlyStatus(message: ChatMessage): MessageStatus {
    const early = this.earlyStatus.get(message.id);
    if (early === undefined || !message.mine) return message.status;
    this.earlyStatus.delete(message.id);
    return furtherStatus(message.status, early);
  }
}
