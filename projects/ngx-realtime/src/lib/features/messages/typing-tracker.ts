import { computed, signal, type Signal } from '@angular/core';
import { coalescePerFrame, type CoalescedJob } from '../../angular/coalesce';
import type { RealtimeFrameScheduler } from '../../angular/frame-scheduler';
import type { TypingUser } from './chat-message';
import type { Schedule } from './timers';

/** Typists shown per conversation (the oldest give way). */
const MAX_TYPISTS_PER_CONVERSATION = 20;
/** Conversations with typists tracked at once (indicators only come for open ones). */
const MAX_CONVERSATIONS = 100;

const NONE: readonly TypingUser[] = [];

/**
 * Who else is typing where, from `typing_start` / `typing_stop` events. An indicator expires
 * `expiryMs` after the typist's last `typing_start`, so a lost `typing_stop` (the typist's
 * connection died) never leaves "Ann is typing…" on screen.
 *
 * Changes apply at once but reach the signals at most once per frame (`frames`), so a flood
 * of typing events costs one render per frame.
 */
export class TypingTracker {
  private state: ReadonlyMap<string, readonly TypingUser[]> = new Map();
  private readonly published = signal(this.state);
  private readonly publisher: CoalescedJob;
  private readonly expiries = new Map<string, () => void>();

  constructor(
    private readonly schedule: Schedule,
    private readonly expiryMs: number,
    frames: RealtimeFrameScheduler,
  ) {
    this.publisher = coalescePerFrame(() => this.published.set(this.state), frames);
  }

  /** The typists of a conversation, in the order they started. */
  users(conversationId: string): Signal<readonly TypingUser[]> {
    return computed(() => this.published().get(conversationId) ?? NONE);
  }

  start(conversationId: string, user: TypingUser): void {
    const key = keyOf(conversationId, user.userId);
    this.expiries.get(key)?.();
    this.expiries.set(
      key,
      this.schedule(() => this.stop(conversationId, user.userId), this.expiryMs),
    );
    this.update(conversationId, (users) => {
      // Someone already typing keeps their place: the indicator should not jump around.
      if (users.some((typist) => typist.userId === user.userId))
        return users.map((typist) => (typist.userId === user.userId ? user : typist));
      const next = [...users, user];
      const dropped = next.splice(0, Math.max(0, next.length - MAX_TYPISTS_PER_CONVERSATION));
      for (const typist of dropped) this.cancel(conversationId, typist.userId);
      return next;
    });
  }

  stop(conversationId: string, userId: string): void {
    this.cancel(conversationId, userId);
    this.update(conversationId, (users) => users.filter((typist) => typist.userId !== userId));
  }

  /** Forgets every typist of a conversation (the user closed it): shown at once. */
  clear(conversationId: string): void {
    for (const typist of this.state.get(conversationId) ?? NONE)
      this.cancel(conversationId, typist.userId);
    this.update(conversationId, () => NONE);
    this.publisher.cancel();
    this.published.set(this.state);
  }

  dispose(): void {
    for (const cancel of this.expiries.values()) cancel();
    this.expiries.clear();
    this.publisher.cancel();
  }

  private cancel(conversationId: string, userId: string): void {
    const key = keyOf(conversationId, userId);
    this.expiries.get(key)?.();
    this.expiries.delete(key);
  }

  private update(
    conversationId: string,
    change: (users: readonly TypingUser[]) => readonly TypingUser[],
  ): void {
    const current = this.state;
    const users = current.get(conversationId) ?? NONE;
    const next = change(users);
    if (next === users) return;
    const map = new Map(current);
    if (next.length === 0) map.delete(conversationId);
    else map.set(conversationId, next);
    if (map.size > MAX_CONVERSATIONS) {
      const oldest = map.keys().next().value as string;
      for (const typist of map.get(oldest) ?? NONE) this.cancel(oldest, typist.userId);
      map.delete(oldest);
    }
    this.state = map;
    this.publisher.schedule();
  }
}

function keyOf(conversationId: string, userId: string): string {
  return `${conversationId}\n${userId}`;
}
