import { InjectionToken } from '@angular/core';
import { RealtimeError } from 'ngx-realtime/core';
import type { ObservableInput } from 'rxjs';
import type { PostCounts } from './feed-update';

/**
 * Loads the current counts of posts after a gap (see `FeedOptions.reloadCounts`): a map of
 * post id to counters, as an Observable, a Promise or a plain array of one map.
 */
export type FeedCountsLoader = (
  postIds: readonly string[],
) => ObservableInput<Readonly<Record<string, Partial<PostCounts>>>>;

/** Options of `withFeed()`. */
export interface FeedOptions {
  /** Channel of the feed events. Default `'feed:updates'`. */
  readonly channel?: string;
  /**
   * New posts kept for `loadNewPosts()` (the newest); older ones are dropped but still
   * counted in `newPostsCount`. Default 50; 0 keeps a count only.
   */
  readonly maxBufferedPosts?: number;
  /** Posts whose live counts are tracked; the least recently used are forgotten. Default 1 000. */
  readonly maxTrackedPosts?: number;
  /**
   * Publish state (new posts, counts) at most once per this many milliseconds, like the
   * SocialHub client's 30 s batch (`30_000`). Default 0: at most once per animation frame.
   */
  readonly batchIntervalMs?: number;
  /**
   * Called after a reconnect whose catch-up could not replay every feed event, with the
   * tracked post ids (least recently used first): return their current counts, for example
   * from your REST API. Runs in an injection context, so it may `inject()`. Without it the
   * counts stay marked `stale` until the server sends them again.
   */
  readonly reloadCounts?: FeedCountsLoader;
}

/** `FeedOptions` with every default filled in. */
export interface FeedSettings {
  readonly channel: string;
  readonly maxBufferedPosts: number;
  readonly maxTrackedPosts: number;
  readonly batchIntervalMs: number;
  readonly reloadCounts: FeedCountsLoader | null;
}

/** The defaults of `withFeed()`. */
export const DEFAULT_FEED_OPTIONS: Omit<FeedSettings, 'reloadCounts'> = {
  channel: 'feed:updates',
  maxBufferedPosts: 50,
  maxTrackedPosts: 1_000,
  batchIntervalMs: 0,
};

/** The resolved options of the feed feature (provided by `withFeed()`). */
export const FEED_OPTIONS = new InjectionToken<FeedSettings>('ngx-realtime FEED_OPTIONS');

/**
 * Fills in the defaults and checks the numbers.
 * @throws RealtimeError `invalid_config` for a negative or non-integer limit, or an empty channel.
 */
export function resolveFeedOptions(options: FeedOptions): FeedSettings {
  const settings: FeedSettings = {
    ...DEFAULT_FEED_OPTIONS,
    ...definedOnly(options),
    reloadCounts: options.reloadCounts ?? null,
  };
  if (settings.channel === '') invalid('channel must not be empty');
  check('maxBufferedPosts', settings.maxBufferedPosts, 0);
  check('maxTrackedPosts', settings.maxTrackedPosts, 1);
  check('batchIntervalMs', settings.batchIntervalMs, 0);
  return settings;
}

function definedOnly(options: FeedOptions): Partial<FeedOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function check(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) invalid(`${name} must be an integer >= ${min}`);
}

function invalid(problem: string): never {
  throw new RealtimeError('invalid_config', `withFeed: ${problem}`);
}
