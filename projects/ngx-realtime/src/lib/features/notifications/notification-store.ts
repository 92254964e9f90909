import { computed, signal, type Signal } from '@angular/core';
import type { RealtimeNotification } from './notification-model';

/** A read mark sent to the server and not answered yet. */
type PendingRead = { readonly all: false; readonly id: string } | { readonly all: true };

/** What {@link NotificationStore.receive} made of a notification. */
export type ReceiveOutcome = 'new' | 'known';

/**
 * The notifications state: the server's view (list and unread count) plus the read marks
 * still in flight, laid over it. Optimistic reads never touch the server's view, so a
 * refused mark is undone by dropping the overlay: the state is exactly what it was, and
 * whatever the server said in the meantime (a new notification, another tab's read) stays.
 *
 * Memory: at most `maxItems` notifications, and at most `maxSeen` ids remembered as seen
 * (so a notification that left the list never alerts twice).
 */
export class NotificationStore {
  private readonly items = signal<readonly RealtimeNotification[]>([]);
  /** The server's count, or our estimate from the events since its last word. */
  private readonly serverCount = signal(0);
  private readonly pending = signal<ReadonlyMap<number, PendingRead>>(new Map());
  private readonly seen = new Set<string>();
  private nextMark = 0;

  /** The notifications, newest first, with read marks in flight shown as read. */
  readonly notifications: Signal<readonly RealtimeNotification[]> = computed(() => {
    const { all, ids } = this.overlay();
    const items = this.items();
    if (!all && ids.size === 0) return items;
    return items.map((item) =>
      !item.read && (all || ids.has(item.id)) ? { ...item, read: true } : item,
    );
  });

  /** The unread count, read marks in flight already subtracted. */
  readonly unreadCount: Signal<number> = computed(() => {
    const { all, ids } = this.overlay();
    if (all) return 0;
    let count = this.serverCount();
    for (const item of this.items()) if (!item.read && ids.has(item.id)) count--;
    return Math.max(0, count);
  });

  constructor(
    private readonly maxItems: number,
    private readonly maxSeen: number,
  ) {}

  /**
   * Adds a notification (newest first) or, for an id already listed, updates it in place.
   * `new` only for an id never seen before: the caller alerts the user for those.
   */
  receive(notification: RealtimeNotification, count: number | null): ReceiveOutcome {
    const items = this.items();
    const index = items.findIndex((item) => item.id === notification.id);
    const wasSeen = this.seen.has(notification.id);
    if (index >= 0) {
      const updated = [...items];
      updated[index] = notification;
      this.items.set(updated);
      this.serverCount.update(
        (current) => count ?? current + Number(items[index].read) - Number(notification.read),
      );
      return 'known';
    }
    this.items.set([notification, ...items].slice(0, this.maxItems));
    this.remember(notification.id);
    this.serverCount.update((current) => count ?? current + (notification.read ? 0 : 1));
    return wasSeen ? 'known' : 'new';
  }

  /** The server says `id` was read (this tab's ack or another tab's event). */
  markRead(id: string, count: number | null): void {
    const items = this.items();
    const item = items.find((candidate) => candidate.id === id);
    if (item !== undefined && !item.read) {
      this.items.set(
        items.map((candidate) => (candidate === item ? { ...item, read: true } : candidate)),
      );
    }
    const wasUnread = item !== undefined && !item.read;
    this.serverCount.update((current) => count ?? Math.max(0, current - Number(wasUnread)));
  }

  /** The server says everything was read. */
  markAllRead(count: number | null): void {
    if (this.items().some((item) => !item.read)) {
      this.items.update((items) =>
        items.map((item) => (item.read ? item : { ...item, read: true })),
      );
    }
    this.serverCount.set(count ?? 0);
  }

  /** Shows `id` (or, without one, everything) as read until {@link settle} is called. */
  beginRead(id?: string): number {
    const mark = this.nextMark++;
    const read: PendingRead = id === undefined ? { all: true } : { all: false, id };
    this.pending.update((pending) => new Map(pending).set(mark, read));
    return mark;
  }

  /** Drops a read mark from the overlay: after its ack (applied first), or to roll it back. */
  settle(mark: number): void {
    this.pending.update((pending) => {
      const next = new Map(pending);
      next.delete(mark);
      return next;
    });
  }

  /**
   * Replaces the list with a loaded one, keeping the notifications in `keep` (those that
   * arrived while the loader ran) on top. Loaded ids count as seen: they never alert.
   */
  replace(
    loaded: readonly RealtimeNotification[],
    count: number | null,
    keep: ReadonlySet<string>,
  ): void {
    const kept = this.items().filter((item) => keep.has(item.id));
    const ids = new Set(kept.map((item) => item.id));
    const merged = [...kept];
    for (const item of loaded) {
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      merged.push(item);
      this.remember(item.id);
    }
    this.items.set(merged.slice(0, this.maxItems));
    if (count !== null) this.serverCount.set(count);
  }

  private overlay(): { readonly all: boolean; readonly ids: ReadonlySet<string> } {
    let all = false;
    const ids = new Set<string>();
    for (const read of this.pending().values()) {
      if (read.all) all = true;
      else ids.add(read.id);
    }
    return { all, ids };
  }

  private remember(id: string): void {
    this.seen.delete(id);
    this.seen.add(id);
    if (this.seen.size > this.maxSeen) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
  }
}
