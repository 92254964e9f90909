// Public API of the feed feature.
export { DEFAULT_FEED_OPTIONS, FEED_OPTIONS } from './feed-options';
export type { FeedCountsLoader, FeedOptions, FeedSettings } from './feed-options';
export { FeedRealtime } from './feed-realtime';
export type {
  FeedEvent,
  FeedUpdate,
  FeedUpdateKind,
  LivePostCounts,
  PostCountField,
  PostCounts,
} from './feed-update';
export { withFeed } from './with-feed';
