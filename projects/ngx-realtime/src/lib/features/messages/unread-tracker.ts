import { computed, signal, type Signal } from '@angular/core';

/** Unread ids remembered per conversation; the count saturates here. */
export const MAX_UNREAD_PER_CONVERSATION = 1_000;
/** Conversations with unread messages tracked (the least recently changed give way). */
export const MAX_UNREAD_CONVERSATIONS = 500;

/**
 * Which messages from other people the user has not read yet, per conversation, as counts
 * in signals.
 */
export class UnreadTracker {
  private readonly ids = new Map<string, Set<string>>();
  private readonly countsState = signal<ReadonlyMap<string, number>>(new Map());

  /** Unread messages per conversation (conversations with none are absent). */
  readonly counts: Signal<ReadonlyMap<string, number>> = this.countsState.asReadonly();
  /** Unread messages over every conversation. */
  readonly total: Signal<number> = computed(() => {
    let total = 0;
    for (const count of this.countsState().values()) total += count;
    return total;
  });

  /** Unread messages of one conversation. */
  count(conversationId: string): Signal<number> {
    return computed(() => this.countsState().get(conversationId) ?? 0);
  }

  /** The unread message ids of a conversation, oldest first. */
  unreadIds(conversationId: string): readonly string[] {
    return [...(this.ids.get(conversationId) ?? [])];
  }

  has(conversationId: string, messageId: string): boolean {
    return this.ids.get(conversationId)?.has(messageId) ?? false;
  }

  add(conversationId: string, messageId: string): void {
    const ids = this.ids.get(conversationId) ?? new Set<string>();
    if (ids.has(messageId)) return;
    ids.add(messageId);
    if (ids.size > MAX_UNREAD_PER_CONVERSATION) ids.delete(ids.values().next().value as string);
    // Re-inserted, so the map's order is "least recently changed first" for eviction.
    this.ids.delete(conversationId);
    this.ids.set(conversationId, ids);
    if (this.ids.size > MAX_UNREAD_CONVERSATIONS)
      this.ids.delete(this.ids.keys().next().value as string);
    this.publish();
  }

  /** Marks messages read; returns the ids that were unread. */
  remove(conversationId: string, messageIds: readonly string[]): string[] {
    const ids = this.ids.get(conversationId);
    if (ids === undefined) return [];
    const removed = messageIds.filter((id) => ids.delete(id));
    if (ids.size === 0) this.ids.delete(conversationId);
    if (removed.length > 0) this.publish();
    return removed;
  }

  private publish(): void {
    this.countsState.set(new Map([...this.ids].map(([id, ids]) => [id, ids.size])));
  }
}
