import type { FeedUpdate } from './feed-update';

/** Post ids remembered for deduplication, at least (more when the buffer is larger). */
export const REMEMBERED_POST_IDS = 1_000;

/**
 * The new posts by other people since the user last loaded them: a count of distinct posts
 * and a bounded buffer of the newest ones. Plain TypeScript.
 *
 * When the buffer is full the oldest post is dropped but still counted: the banner keeps
 * telling the truth ("120 new posts") and `take()` returns the newest `capacity` of them.
 * Post ids are remembered (the last {@link REMEMBERED_POST_IDS}, or `capacity` if larger)
 * across `take()`, so a post delivered again is never counted twice.
 */
export class NewPostsBuffer {
  private posts: FeedUpdate[] = [];
  private distinct = 0;
  private readonly seen = new Set<string>();
  private readonly rememberLimit: number;

  constructor(private readonly capacity: number) {
    this.rememberLimit = Math.max(REMEMBERED_POST_IDS, capacity);
  }

  /** Distinct new posts since the last `take()`, dropped ones included. */
  get count(): number {
    return this.distinct;
  }

  /** The buffered posts, newest first. */
  get newestFirst(): readonly FeedUpdate[] {
    return this.posts;
  }

  /** Adds a post; false when its id was seen before. */
  add(update: FeedUpdate): boolean {
    if (this.seen.has(update.post_id)) return false;
    this.seen.add(update.post_id);
    if (this.seen.size > this.rememberLimit) {
      this.seen.delete(this.seen.keys().next().value as string);
    }
    this.distinct++;
    // A new array each time: the service publishes it as signal state.
    this.posts = [update, ...this.posts].slice(0, this.capacity);
    return true;
  }

  /** Returns the buffered posts, newest first, and starts counting from zero. */
  take(): readonly FeedUpdate[] {
    const taken = this.posts;
    this.posts = [];
    this.distinct = 0;
    return taken;
  }
}
