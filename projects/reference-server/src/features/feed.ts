import { randomUUID } from 'node:crypto';
import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import { stateOf, type StateSlot } from './domain-state';
import type { Feature, FrameContext, ServerContext } from './feature';
import { checkFields, isoNow, requireId } from './payload';
import { userProfile } from './profiles';

/** The feed's channel. */
export const FEED_CHANNEL = 'feed:updates';

/** A `feed_update` payload. */
export interface FeedUpdatePayload {
  readonly type: string;
  readonly post_id: string;
  readonly user_id: string;
  readonly username: string;
  readonly action: string;
  readonly created_at: string;
}

/** Live counts of one post, as sent in a per-post `count_update`. */
export interface PostCounts {
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
}

/** What {@link publishCountUpdate} accepts: feed counters and/or one post's counts. */
export interface CountUpdateInput {
  readonly new_posts_count?: number;
  readonly post_id?: string;
  readonly likes?: number;
  readonly comments?: number;
  readonly shares?: number;
}

/** Per-post counts (posts are not stored: the app's own backend owns them). */
const COUNTS: StateSlot<Map<string, PostCounts>> = { name: 'feed-counts', create: () => new Map() };
/** Posts whose counts are kept; the oldest are forgotten (and start from 0 again). */
const KEPT_POSTS = 10_000;

/**
 * Publishes a `feed_update` on `feed:updates` to every subscriber except its author (who
 * made the post and needs no "new post" banner for it). Defaults: a `new_post` with a fresh
 * `post_id`, action `created`; `created_at` is now. Returns the payload.
 */
export function publishFeedUpdate(
  context: ServerContext,
  update: Partial<FeedUpdatePayload> & { readonly user_id: string },
): FeedUpdatePayload {
  checkFields(
    update,
    { type: 'string', post_id: 'string', user_id: 'string', username: 'string', action: 'string' },
    'feed_update',
  );
  if (typeof update.user_id !== 'string' || update.user_id === '') {
    throw new ServerError('INVALID_MESSAGE', 'feed_update.user_id is required', {
      field: 'user_id',
    });
  }
  const payload: FeedUpdatePayload = {
    type: 'new_post',
    post_id: randomUUID(),
    username: userProfile(context, update.user_id).username,
    action: 'created',
    ...update,
    // Always the server's time: the client only accepts ISO 8601 times.
    created_at: isoNow(context),
  };
  context.hub.publish(FEED_CHANNEL, 'feed_update', payload, payload.user_id);
  return payload;
}

/**
 * Publishes a `count_update` on `feed:updates`: feed counters (`new_posts_count`) and/or one
 * post's counts; `last_update` is now. Returns the payload.
 */
export function publishCountUpdate(context: ServerContext, counts: CountUpdateInput): object {
  checkFields(
    counts,
    {
      new_posts_count: 'number',
      post_id: 'string',
      likes: 'number',
      comments: 'number',
      shares: 'number',
    },
    'count_update',
  );
  const payload = { ...counts, last_update: isoNow(context) };
  context.hub.publish(FEED_CHANNEL, 'count_update', payload);
  return payload;
}

/** The live counts of `postId` (zeros for a post never counted). */
export function postCounts(context: ServerContext, postId: string): PostCounts {
  return stateOf(context, COUNTS).get(postId) ?? { likes: 0, comments: 0, shares: 0 };
}

/**
 * Adds `delta` to a post's counts (never below 0) and publishes them as a per-post
 * `count_update {post_id, likes, comments, shares, last_update}`. Returns the new counts.
 */
export function bumpPostCounts(
  context: ServerContext,
  postId: string,
  delta: Partial<PostCounts>,
): PostCounts {
  const counts = stateOf(context, COUNTS);
  const current = postCounts(context, postId);
  const next: PostCounts = {
    likes: Math.max(0, current.likes + (delta.likes ?? 0)),
    comments: Math.max(0, current.comments + (delta.comments ?? 0)),
    shares: Math.max(0, current.shares + (delta.shares ?? 0)),
  };
  counts.delete(postId);
  counts.set(postId, next);
  if (counts.size > KEPT_POSTS) counts.delete(counts.keys().next().value as string);
  publishCountUpdate(context, { post_id: postId, ...next });
  return next;
}

/** Extension: `like_post {post_id}` adds a like and publishes the post's counts. */
function likePost(context: FrameContext, frame: ClientFrame): object {
  const postId = requireId(frame, 'post_id');
  return { post_id: postId, ...bumpPostCounts(context, postId, { likes: 1 }) };
}

/** The feed: `feed:updates` with `feed_update` and `count_update`, and `like_post`. */
export function feedFeature(): Feature {
  return {
    name: 'feed',
    ownsChannel: (channel) => channel === FEED_CHANNEL,
    handlers: { like_post: likePost },
  };
}
