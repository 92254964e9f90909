import { computed, signal, type Signal } from '@angular/core';
import type { RealtimeNotification } from './notification-model';

/** A read mark sent to the server and not answered yet. */
type PendingRead = { readonly all: false; readonly id: string } | { readonly all: true };

/** What {@link NotificationStore.receive} made of a notification. */
export type ReceiveOutcome = 'new' | 'known';

/** One immutable version of the state: every change makes a new one. */
interface NotificationState {
  readonly items: readonly RealtimeNotification[];
  /** The server's count, or our estimate from the events since its last word. */
  readonly serverCount: number;
  readonly pending: ReadonlyMap<number, PendingRead>;
}

/**
 * The notifications state: the server's view (list and unread count) plus the read marks
 * still in flight, laid over it. Optimistic reads never touch the server's view, so a
 * refused mark is undone by dropping the overlay: the state is exactly what it was, and
 * whatever the server said in the meantime (a new notification, another tab's read) stays.
 *
 * Changes apply to the state at once, but the signals only follow on {@link publish}: the
 * caller publishes once per animation frame, so a flood of events costs one render.
 *
 * Memory: at most `maxItems` notifications, and at most `maxSeen` ids remembered as seen
 * (so a notification that left the list never alerts twice).
 */
export class NotificationStore {
  private state: NotificationState = { items: [], serverCount: 0, pending: new Map() };
  private readonly published = signal<NotificationState>(this.state);
  private readonly seen = new Set<string>();
  private nextMark = 0;

  /** The notifications, newest first, with read marks in flight shown as read. */
  readonly notifications: Signal<readonly RealtimeNotification[]> = computed(() =>
    withOverlay(this.published()),
  );

  /** The unread count, read marks in flight already subtracted. */
  readonly unreadCount: Signal<number> = computed(() => unreadIn(this.published()));

  /** The unread count now, published or not. */
  get currentUnreadCount(): number {
    return unreadIn(this.state);
  }

  constructor(
    private readonly maxItems: number,
    private readonly maxSeen: number,
  ) {}

  /**
   * Adds a notification (newest first) or, for an id already listed, updates it in place.
   * `new` only for an id never seen before: the caller alerts the user for those.
   */
  receive(notification: RealtimeNotification, count: number | null): ReceiveOutcome {
    const { items, serverCount } = this.state;
    const index = items.findIndex((item) => item.id === notification.id);
    const wasSeen = this.seen.has(notification.id);
    if (index >= 0) {
      const updated = [...items];
      updated[index] = notification;
      this.change({
        items: updated,
        serverCount: count ?? serverCount + Number(items[index].read) - Number(notification.read),
      });
      return 'known';
    }
    this.change({
      items: [notification, ...items].slice(0, this.maxItems),
      serverCount: count ?? serverCount + (notification.read ? 0 : 1),
    });
    this.remember(notification.id);
    return wasSeen ? 'known' : 'new';
  }

  /** The server says `id` was read (this tab's ack or another tab's event). */
  markRead(id: string, count: number | null): void {
    const { items, serverCount } = this.state;
    const item = items.find((candidate) => candidate.id === id);
    const wasUnread = item !== undefined && !item.read;
    this.change({
      items: wasUnread
        ? items.map((candidate) => (candidate === item ? { ...item, read: true } : candidate))
        : items,
      serverCount: count ?? Math.max(0, serverCount - Number(wasUnread)),
    });
  }

  /** The server says everything was read. */
  markAllRead(count: number | null): void {
    const { items } = this.state;
    this.change({
      items: items.some((item) => !item.read)
        ? items.map((item) => (item.read ? item : { ...item, read: true }))
        : items,
      serverCount: count ?? 0,
    });
  }

  /** Shows `id` (or, without one, everything) as read until {@link settle} is called. */
  beginRead(id?: string): number {
    const mark = this.nextMark++;
    const read: PendingRead = id === undefined ? { all: true } : { all: false, id };
    this.change({ pending: new Map(this.state.pending).set(mark, read) });
    return mark;
  }

  /** Drops a read mark from the overlay: after its ack (applied first), or to roll it back. */
  settle(mark: number): void {
    const pending = new Map(this.state.pending);
    if (pending.delete(mark)) this.change({ pending });
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
    const kept = this.state.items.filter((item) => keep.has(item.id));
    const ids = new Set(kept.map((item) => item.id));
    const merged = [...kept];
    for (const item of loaded) {
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      merged.push(item);
      this.remember(item.id);
    }
    this.change({
      items: merged.slice(0, this.maxItems),
      serverCount: count ?? this.state.serverCount,
    });
  }

  /** Shows the state in the signals (a no-op when nothing changed since the last time). */
  publish(): void {
    this.published.set(this.state);
  }

  private change(next: Partial<NotificationState>): void {
    this.state = { ...this.state, ...next };
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

function overlayOf(state: NotificationState): {
  readonly all: boolean;
  readonly ids: ReadonlySet<string>;
} {
  let all = false;
  const ids = new Set<string>();
  for (const read of state.pending.values()) {
    if (read.all) all = true;
    else ids.add(read.id);
  }
  return { all, ids };
}

function withOverlay(state: NotificationState): readonly RealtimeNotification[] {
  const { all, ids } = overlayOf(state);
  if (!all && ids.size === 0) return state.items;
  return state.items.map((item) =>
    !item.read && (all || ids.has(item.id)) ? { ...item, read: true } : item,
  );
}

function unreadIn(state: NotificationState): number {
  const { all, ids } = overlayOf(state);
  if (all) return 0;
  let count = state.serverCount;
  for (const item of state.items) if (!item.read && ids.has(item.id)) count--;
  return Math.max(0, count);
}
