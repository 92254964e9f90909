import type { CountUpdatePayload, FeedUpdatePayload, RealtimeMessage } from 'ngx-realtime/core';

/** Kinds of `feed_update` the SocialHub feed documents; other strings are allowed. */
export type FeedUpdateKind =
  'new_post' | 'post_updated' | 'reaction' | 'comment' | 'share' | (string & {});

/**
 * A `feed_update` payload as the feed service reads it: the canonical payload plus the
 * optional fields of the SocialHub `FeedUpdate` interface (`count`, `post`).
 *
 * @typeParam TPost - the shape of `post`, when your server embeds the post.
 */
export interface FeedUpdate<TPost = unknown> extends FeedUpdatePayload {
  readonly type: FeedUpdateKind;
  /** For `reaction` / `comment` / `share`: the post's new total of that kind (absolute). */
  readonly count?: number;
  /** The post itself, when the server embeds it in a `new_post`. */
  readonly post?: TPost;
}

/** One event of the feed channel, as `FeedRealtime.updates$` emits it (discriminated on `type`). */
export type FeedEvent =
  RealtimeMessage<FeedUpdate, 'feed_update'> | RealtimeMessage<CountUpdatePayload, 'count_update'>;

/** The live counters of one post. */
export interface PostCounts {
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
}

/** One counter of a post. */
export type PostCountField = keyof PostCounts;

/** A post's counters as `FeedRealtime.counts(postId)` shows them. */
export interface LivePostCounts extends PostCounts {
  /**
   * True after a reconnect whose catch-up could not replay every feed event: updates may
   * have been missed. Cleared when the server or `seedCounts` gives all three counters.
   */
  readonly stale: boolean;
}

/** The counter a reaction-like `feed_update` moves (`undefined` for other kinds). */
export function counterOf(kind: string): PostCountField | undefined {
  switch (kind) {
    case 'reaction':
    case 'like':
      return 'likes';
    case 'comment':
      return 'comments';
    case 'share':
      return 'shares';
    default:
      return undefined;
  }
}

/** Actions that take a reaction back: an increment-style update counts them as -1. */
const REMOVALS: ReadonlySet<string> = new Set(['removed', 'deleted', 'unliked', 'unlike', 'undo']);

/** +1 for an added reaction, -1 for one taken back (by its `action`). */
export function deltaOf(action: unknown): 1 | -1 {
  return typeof action === 'string' && REMOVALS.has(action) ? -1 : 1;
}

/** True for a usable counter value: a finite number, not negative. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * The valid counters found in `source` (a `count_update` payload, an ack, an app's seed);
 * wrong-typed or negative values are left out.
 */
export function countsIn(source: unknown): Partial<Record<PostCountField, number>> {
  const found: Partial<Record<PostCountField, number>> = {};
  if (typeof source !== 'object' || source === null) return found;
  const record = source as Readonly<Record<string, unknown>>;
  for (const field of ['likes', 'comments', 'shares'] as const) {
    const value = record[field];
    if (isCount(value)) found[field] = value;
  }
  return found;
}
