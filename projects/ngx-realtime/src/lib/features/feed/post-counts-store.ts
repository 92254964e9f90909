import type { LivePostCounts, PostCountField, PostCounts } from './feed-update';

/** What the store keeps per post. */
interface Entry {
  counts: LivePostCounts;
  /** The server sent absolute counts for this post: increments and seeds no longer apply. */
  live: boolean;
}

const ZERO: LivePostCounts = { likes: 0, comments: 0, shares: 0, stale: false };
const FIELDS: readonly PostCountField[] = ['likes', 'comments', 'shares'];

/**
 * The live counters of the most recently used posts, bounded (least recently used posts are
 * forgotten first). Plain TypeScript: the feed service decides when to publish.
 *
 * Sources, from most to least trusted:
 * - absolute counts from the server (`count_update`, a reaction's `count`, a `like_post` ack)
 *   always apply; a post that got one is "live";
 * - seeds from the app (REST) apply while the post is not live, or is stale: a live value
 *   is newer than a REST answer that may have been in flight;
 * - increments (a reaction without `count`) apply only while the post is not live, so a
 *   server that sends both an increment and the absolute total never counts a like twice.
 *
 * Every mutator returns true when it changed what `get` returns; `takeChanged()` lists the
 * posts whose counts changed (or were forgotten) since it was last called.
 */
export class PostCountsStore {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Posts currently tracked. */
  get size(): number {
    return this.entries.size;
  }

  /** The counts of `postId`, or `undefined` when nothing is known about it. */
  get(postId: string): LivePostCounts | undefined {
    return this.entries.get(postId)?.counts;
  }

  /** Ids of the tracked posts, least recently used first. */
  postIds(): string[] {
    return [...this.entries.keys()];
  }

  /** Posts whose counts changed or were forgotten since the last call; at most `capacity` + 1. */
  takeChanged(): string[] {
    const changed = [...this.changed];
    this.changed.clear();
    return changed;
  }

  /** Marks `postId` as recently used, so it is forgotten last. */
  touch(postId: string): void {
    const entry = this.entries.get(postId);
    if (entry === undefined) return;
    this.entries.delete(postId);
    this.entries.set(postId, entry);
  }

  /** Starts tracking a brand-new post at zero (no-op when it is tracked). */
  start(postId: string): boolean {
    if (this.entries.has(postId)) return false;
    this.put(postId, { counts: ZERO, live: false });
    return true;
  }

  /** The server's word: sets the given counters. */
  setAbsolute(postId: string, counts: Partial<PostCounts>): boolean {
    if (!hasAny(counts)) return false;
    const entry = this.entries.get(postId);
    return this.put(postId, { counts: merge(entry?.counts ?? ZERO, counts), live: true });
  }

  /** The app's word (from REST): applies unless live counts are fresher (see class doc). */
  seed(postId: string, counts: Partial<PostCounts>): boolean {
    const entry = this.entries.get(postId);
    // Live counts are newer than a REST answer that may have been in flight, unless stale.
    if (!hasAny(counts) || (entry !== undefined && entry.live && !entry.counts.stale)) {
      return false;
    }
    return this.put(postId, {
      counts: merge(entry?.counts ?? ZERO, counts),
      live: entry?.live ?? false,
    });
  }

  /** Moves one counter of a tracked, not live post by `delta` (never below zero). */
  increment(postId: string, field: PostCountField, delta: number): boolean {
    const entry = this.entries.get(postId);
    if (entry === undefined || entry.live) return false;
    const value = Math.max(0, entry.counts[field] + delta);
    return this.put(postId, { ...entry, counts: { ...entry.counts, [field]: value } });
  }

  /** Flags every tracked post as possibly out of date (after an unrecovered gap). */
  markAllStale(): boolean {
    let changed = false;
    for (const entry of this.entries.values()) {
      if (entry.counts.stale) continue;
      entry.counts = { ...entry.counts, stale: true };
      changed = true;
    }
    if (changed) for (const postId of this.entries.keys()) this.changed.add(postId);
    return changed;
  }

  /** Stores `next` as the most recently used entry; returns true when the counts changed. */
  private put(postId: string, next: Entry): boolean {
    const previous = this.entries.get(postId);
    this.entries.delete(postId);
    this.entries.set(postId, next);
    if (this.entries.size > this.capacity) {
      const forgotten = this.entries.keys().next().value as string;
      this.entries.delete(forgotten);
      this.changed.add(forgotten);
    }
    const changed = previous === undefined || !sameCounts(previous.counts, next.counts);
    if (changed) this.changed.add(postId);
    return changed;
  }
}

function hasAny(counts: Partial<PostCounts>): boolean {
  return FIELDS.some((field) => counts[field] !== undefined);
}

/** `base` with the given counters; no longer stale once all three are given. */
function merge(base: LivePostCounts, counts: Partial<PostCounts>): LivePostCounts {
  const complete = FIELDS.every((field) => counts[field] !== undefined);
  return {
    likes: counts.likes ?? base.likes,
    comments: counts.comments ?? base.comments,
    shares: counts.shares ?? base.shares,
    stale: base.stale && !complete,
  };
}

/** Equal counters and staleness. */
export function sameCounts(a: LivePostCounts | undefined, b: LivePostCounts | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return FIELDS.every((field) => a[field] === b[field]) && a.stale === b.stale;
}
