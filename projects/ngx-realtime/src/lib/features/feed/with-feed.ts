import { inject, provideEnvironmentInitializer } from '@angular/core';
import { RealtimeFeatureKind, type RealtimeFeature } from '../../angular/provide-realtime';
import { FEED_OPTIONS, resolveFeedOptions, type FeedOptions } from './feed-options';
import { FeedRealtime } from './feed-realtime';

/**
 * Adds the live feed: `FeedRealtime` ("N new posts", live counts per post, raw feed events),
 * listening on `feed:updates` from the start.
 *
 * @throws RealtimeError `invalid_config` for a negative or non-integer limit.
 * @example
 * provideRealtime(
 *   { url: 'wss://api.example.com/ws', token: () => inject(Auth).token() },
 *   withFeed({ maxBufferedPosts: 100, reloadCounts: (ids) => inject(PostsApi).counts(ids) }),
 * );
 */
export function withFeed(options: FeedOptions = {}): RealtimeFeature<RealtimeFeatureKind.Feed> {
  const settings = resolveFeedOptions(options);
  return {
    kind: RealtimeFeatureKind.Feed,
    providers: [
      { provide: FEED_OPTIONS, useValue: settings },
      FeedRealtime,
      // Listen from the start, not from the first component that injects the service.
      provideEnvironmentInitializer(() => inject(FeedRealtime)),
    ],
    settings: { ...settings },
  };
}
