import { isPlatformBrowser } from '@angular/common';
import {
  computed,
  DestroyRef,
  EnvironmentInjector,
  ErrorHandler,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  runInInjectionContext,
  signal,
  type Signal,
} from '@angular/core';
import {
  RealtimeError,
  type CountUpdatePayload,
  type RealtimeEvent,
  type RecoveryEvent,
} from 'ngx-realtime/core';
import { defer, map, Subject, take, type Observable, type Subscription } from 'rxjs';
import { coalescePerFrame, type CoalescedJob } from '../../angular/coalesce';
import { REALTIME_FRAME_SCHEDULER } from '../../angular/frame-scheduler';
import { WebSocketService } from '../../angular/websocket.service';
import { FEED_OPTIONS } from './feed-options';
import {
  counterOf,
  countsIn,
  deltaOf,
  isCount,
  type FeedEvent,
  type FeedUpdate,
  type LivePostCounts,
  type PostCounts,
} from './feed-update';
import { NewPostsBuffer } from './new-posts-buffer';
import { PostCountsStore, sameCounts } from './post-counts-store';

/**
 * The live feed: a "N new posts" count and buffer (posts by other people), live like /
 * comment / share counts per post, and the raw feed events. Provided by `withFeed()`; it
 * listens on `feed:updates` from the start (connecting stays the app's call).
 *
 * State is published at most once per animation frame (`REALTIME_FRAME_SCHEDULER`, or per
 * `batchIntervalMs`), so a burst of events costs one render. On the server (SSR) it listens to nothing and stays empty.
 *
 * @example
 * export class FeedPage {
 *   readonly feed = inject(FeedRealtime);
 *   showNew() { this.posts.prepend(this.feed.loadNewPosts()); }
 * }
 */
@Injectable()
export class FeedRealtime {
  private readonly realtime = inject(WebSocketService);
  private readonly settings = inject(FEED_OPTIONS);
  private readonly zone = inject(NgZone);
  private readonly injector = inject(EnvironmentInjector);
  private readonly errorHandler = inject(ErrorHandler);
  private readonly store = new PostCountsStore(this.settings.maxTrackedPosts);
  private readonly buffer = new NewPostsBuffer(this.settings.maxBufferedPosts);
  /** The server's own count of new posts (`count_update.new_posts_count`), a floor. */
  private serverNewPosts = 0;
  private postsDirty = false;
  private countsDirty = false;
  private reload: Subscription | null = null;
  private readonly publisher: CoalescedJob;

  private readonly newPostsCountState = signal(0);
  private readonly newPostsState = signal<readonly FeedUpdate[]>([]);
  private readonly staleState = signal(false);
  /** The counts as last published (the store runs ahead of it between frames). */
  private readonly publishedCounts = new Map<string, LivePostCounts>();
  /** Bumped when counts are published; every `counts(postId)` signal reads it. */
  private readonly countsVersion = signal(0);
  private readonly countSignals = new Map<string, Signal<LivePostCounts | undefined>>();
  private readonly events = new Subject<FeedEvent>();

  /**
   * Distinct new posts by other people since the last `loadNewPosts()`, including posts the
   * bounded buffer dropped; at least the server's `new_posts_count` when it sends one.
   */
  readonly newPostsCount: Signal<number> = this.newPostsCountState.asReadonly();
  /** True while `newPostsCount` is above zero: show the banner. */
  readonly hasNewPosts: Signal<boolean> = computed(() => this.newPostsCount() > 0);
  /** The buffered new posts, newest first (at most `maxBufferedPosts`). */
  readonly newPosts: Signal<readonly FeedUpdate[]> = this.newPostsState.asReadonly();
  /**
   * True after a reconnect whose catch-up could not replay every feed event: posts may be
   * missing from the count. Cleared by `loadNewPosts()` (refetch the feed then).
   */
  readonly stale: Signal<boolean> = this.staleState.asReadonly();
  /**
   * Every `feed_update` and `count_update` of the feed channel, unfiltered (the user's own
   * posts included), typed and discriminated on `type`. Emits outside the Angular zone.
   */
  readonly updates$: Observable<FeedEvent> = this.events.asObservable();

  constructor() {
    const interval = this.settings.batchIntervalMs;
    this.publisher = coalescePerFrame(
      () => this.publish(),
      interval > 0 ? (run) => afterMs(run, interval) : inject(REALTIME_FRAME_SCHEDULER),
    );
    const subscriptions = isPlatformBrowser(inject(PLATFORM_ID))
      ? this.zone.runOutsideAngular(() => [
          this.realtime.subscribe(this.settings.channel).subscribe((event) => this.handle(event)),
          this.realtime.recovery$.subscribe((event) => this.onRecovery(event)),
        ])
      : [];
    inject(DestroyRef).onDestroy(() => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      this.reload?.unsubscribe();
      this.publisher.cancel();
      this.events.complete();
    });
  }

  /**
   * The live counts of a post: `undefined` until something is known about it (a seed, a
   * count from the server, or the post arriving as new). The same signal for the same id.
   */
  counts(postId: string): Signal<LivePostCounts | undefined> {
    this.store.touch(postId);
    let counts = this.countSignals.get(postId);
    if (counts === undefined) {
      counts = computed(
        () => {
          this.countsVersion();
          return this.publishedCounts.get(postId);
        },
        { equal: sameCounts },
      );
    } else {
      this.countSignals.delete(postId);
    }
    this.countSignals.set(postId, counts);
    if (this.countSignals.size > this.settings.maxTrackedPosts) {
      this.countSignals.delete(this.countSignals.keys().next().value as string);
    }
    return counts;
  }

  /**
   * Gives the counts your app loaded (over REST) for a post. Applied at once, unless the
   * server already sent fresher counts for it (see docs/feed.md). Invalid numbers are ignored.
   */
  seedCounts(postId: string, counts: Partial<PostCounts>): void {
    if (this.store.seed(postId, countsIn(counts))) {
      this.countsDirty = true;
      this.publish();
    }
  }

  /**
   * Returns the buffered new posts, newest first, and resets `newPostsCount` and `stale`.
   * When the count was larger than the list (the buffer dropped posts, or `stale`), refetch
   * the top of the feed rather than prepending.
   */
  loadNewPosts<TPost = unknown>(): readonly FeedUpdate<TPost>[] {
    const posts = this.buffer.take();
    this.serverNewPosts = 0;
    this.postsDirty = true;
    this.publish();
    this.staleState.set(false);
    return posts as readonly FeedUpdate<TPost>[];
  }

  /**
   * Likes a post through the `like_post` extension of the reference server; emits the
   * post's counts from the acknowledgement (also applied to `counts(postId)`). Cold: sent
   * on subscribe. Errors with a `RealtimeError` (server error, timeout, `unavailable` on SSR).
   */
  like(postId: string): Observable<PostCounts> {
    return this.realtime
      .sendWithAck<unknown>({ type: 'like_post', payload: { post_id: postId } })
      .pipe(
        map((data) => {
          const counts = countsIn(data);
          const { likes, comments, shares } = counts;
          if (likes === undefined || comments === undefined || shares === undefined) {
            throw new RealtimeError('invalid_message', 'like_post: the ack carries no counts');
          }
          if (this.store.setAbsolute(postId, counts)) this.countsChanged();
          return { likes, comments, shares };
        }),
      );
  }

  private handle(event: RealtimeEvent): void {
    if (event.type === 'feed_update') this.onFeedUpdate(event.payload as FeedUpdate);
    else if (event.type === 'count_update') this.onCountUpdate(event.payload);
    else return;
    this.events.next(event as FeedEvent);
  }

  private onFeedUpdate(update: FeedUpdate): void {
    const postId = update.post_id;
    if (typeof postId !== 'string' || postId === '') return;
    const own = update.user_id !== undefined && update.user_id === this.realtime.userId();
    if (update.type === 'new_post') {
      if (this.store.start(postId)) this.countsChanged();
      if (!own && this.buffer.add(update)) this.postsChanged();
      return;
    }
    const field = counterOf(update.type);
    if (field === undefined) return;
    if (update.count !== undefined) {
      // The post's total, from the server: authoritative, and harmless when replayed.
      if (isCount(update.count) && this.store.setAbsolute(postId, { [field]: update.count })) {
        this.countsChanged();
      }
      return;
    }
    // The user's own reaction is already on screen (optimistic UI, or the `like()` ack).
    if (!own && this.store.increment(postId, field, deltaOf(update.action))) this.countsChanged();
  }

  private onCountUpdate(payload: CountUpdatePayload): void {
    if (isCount(payload.new_posts_count) && payload.new_posts_count !== this.serverNewPosts) {
      this.serverNewPosts = payload.new_posts_count;
      this.postsChanged();
    }
    const postId = payload.post_id;
    if (typeof postId === 'string' && postId !== '') {
      if (this.store.setAbsolute(postId, countsIn(payload))) this.countsChanged();
    }
  }

  private onRecovery(event: RecoveryEvent): void {
    if (event.recovered || !event.channels.includes(this.settings.channel)) return;
    this.staleState.set(true);
    if (this.store.markAllStale()) this.countsChanged();
    this.reloadCounts();
  }

  /** Asks the app's `reloadCounts` for the tracked posts; a failure leaves them stale. */
  private reloadCounts(): void {
    const loader = this.settings.reloadCounts;
    const postIds = this.store.postIds();
    if (loader === null || postIds.length === 0) return;
    this.reload?.unsubscribe();
    const answer = defer(() => runInInjectionContext(this.injector, () => loader(postIds)));
    this.reload = this.zone.run(() =>
      answer.pipe(take(1)).subscribe({
        next: (reloaded) => this.applyReloaded(reloaded),
        error: (error: unknown) => this.errorHandler.handleError(error),
      }),
    );
  }

  private applyReloaded(reloaded: unknown): void {
    if (typeof reloaded !== 'object' || reloaded === null) return;
    let changed = false;
    for (const [postId, counts] of Object.entries(reloaded)) {
      changed = this.store.seed(postId, countsIn(counts)) || changed;
    }
    if (changed) this.countsChanged();
  }

  private postsChanged(): void {
    this.postsDirty = true;
    this.zone.runOutsideAngular(() => this.publisher.schedule());
  }

  private countsChanged(): void {
    this.countsDirty = true;
    this.zone.runOutsideAngular(() => this.publisher.schedule());
  }

  /** Moves what changed into the signals: one render for any number of events. */
  private publish(): void {
    if (this.postsDirty) {
      this.postsDirty = false;
      this.newPostsCountState.set(Math.max(this.buffer.count, this.serverNewPosts));
      this.newPostsState.set(this.buffer.newestFirst);
    }
    if (this.countsDirty) {
      this.countsDirty = false;
      for (const postId of this.store.takeChanged()) {
        const counts = this.store.get(postId);
        if (counts === undefined) this.publishedCounts.delete(postId);
        else this.publishedCounts.set(postId, counts);
      }
      this.countsVersion.update((version) => version + 1);
    }
  }
}

/** A scheduler for `coalescePerFrame` that waits `ms` instead of a frame. */
function afterMs(run: () => void, ms: number): () => void {
  const handle = setTimeout(run, ms);
  return () => clearTimeout(handle);
}
