import { signal, type Signal, type WritableSignal } from '@angular/core';
import { samePresence, unknownPresence, type UserPresence } from './presence-model';

interface TrackedUser {
  readonly state: WritableSignal<UserPresence>;
  readonly readonly: Signal<UserPresence>;
}

/** What {@link TrackedPresences.track} did. */
export interface TrackResult {
  readonly presence: Signal<UserPresence>;
  /** True when the user was not tracked before (their presence must be asked for). */
  readonly added: boolean;
  /** Users forgotten to stay within the capacity (least recently tracked first). */
  readonly evicted: readonly string[];
}

/**
 * The users whose presence is followed, each with a signal, bounded to `capacity` users:
 * tracking one more forgets the least recently tracked. A forgotten user's signal keeps its
 * last value; tracking them again makes a new one.
 */
export class TrackedPresences {
  // A Map iterates in insertion order; re-inserting on every touch keeps it least recent first.
  private readonly users = new Map<string, TrackedUser>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.users.size;
  }

  /** The tracked user ids, least recently tracked first. */
  ids(): string[] {
    return [...this.users.keys()];
  }

  has(userId: string): boolean {
    return this.users.has(userId);
  }

  /** Tracks `userId` (or marks it as just used) and returns its signal. */
  track(userId: string): TrackResult {
    const known = this.users.get(userId);
    if (known !== undefined) {
      this.users.delete(userId);
      this.users.set(userId, known);
      return { presence: known.readonly, added: false, evicted: [] };
    }
    const state = signal(unknownPresence(userId), { equal: samePresence });
    const user: TrackedUser = { state, readonly: state.asReadonly() };
    this.users.set(userId, user);
    const evicted: string[] = [];
    for (const oldest of this.users.keys()) {
      if (this.users.size <= this.capacity) break;
      this.users.delete(oldest);
      evicted.push(oldest);
    }
    return { presence: user.readonly, added: true, evicted };
  }

  /** Stops following `userId`; false when it was not tracked. */
  untrack(userId: string): boolean {
    return this.users.delete(userId);
  }

  /** Stores `presence` for a tracked user; returns it when it changed something, else `null`. */
  apply(presence: UserPresence): UserPresence | null {
    const user = this.users.get(presence.userId);
    if (user === undefined || samePresence(user.state(), presence)) return null;
    user.state.set(presence);
    return presence;
  }

  clear(): void {
    this.users.clear();
  }
}
