import { computed, signal, type Signal } from '@angular/core';
import type { ChatMessage } from './chat-message';

const NONE: readonly ChatMessage[] = [];

function hasPending(list: readonly ChatMessage[]): boolean {
  return list.some((message) => message.status === 'sending' || message.status === 'failed');
}

/**
 * The message lists of every conversation in memory, as one signal. Open conversations are
 * always kept; of the closed ones, the `maxClosed` most recently used stay (a closed
 * conversation with a message still sending or failed is kept too, so it can be retried).
 */
export class ConversationStore {
  private readonly state = signal<ReadonlyMap<string, readonly ChatMessage[]>>(new Map());
  /** Closed conversations in memory, least recently used first. */
  private readonly closed = new Set<string>();

  constructor(
    private readonly maxClosed: number,
    private readonly isOpen: (conversationId: string) => boolean,
  ) {}

  /** The messages of a conversation as a signal (empty when none are in memory). */
  messages(conversationId: string): Signal<readonly ChatMessage[]> {
    return computed(() => this.state().get(conversationId) ?? NONE);
  }

  list(conversationId: string): readonly ChatMessage[] {
    return this.state().get(conversationId) ?? NONE;
  }

  /** Replaces a conversation's list with `change(list)` (no-op when it returns the same list). */
  update(
    conversationId: string,
    change: (list: readonly ChatMessage[]) => readonly ChatMessage[],
  ): void {
    const current = this.state();
    const list = current.get(conversationId) ?? NONE;
    const next = change(list);
    if (next === list) return;
    const map = new Map(current);
    if (next.length === 0) map.delete(conversationId);
    else map.set(conversationId, next);
    if (!this.isOpen(conversationId)) this.touchClosed(conversationId, map);
    this.state.set(map);
  }

  /** The conversation was opened: it is no longer a candidate for eviction. */
  opened(conversationId: string): void {
    this.closed.delete(conversationId);
  }

  /** The conversation was closed: it joins the closed ones, and the oldest may go. */
  wasClosed(conversationId: string): void {
    const map = new Map(this.state());
    this.touchClosed(conversationId, map);
    this.state.set(map);
  }

  private touchClosed(conversationId: string, map: Map<string, readonly ChatMessage[]>): void {
    this.closed.delete(conversationId);
    if (map.has(conversationId)) this.closed.add(conversationId);
    let excess = this.closed.size - this.maxClosed;
    for (const id of [...this.closed]) {
      if (excess <= 0) break;
      if (hasPending(map.get(id) ?? NONE)) continue;
      map.delete(id);
      this.closed.delete(id);
      excess--;
    }
  }
}
