import { ErrorHandler, Injectable, PLATFORM_ID, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  FeedRealtime,
  provideRealtime,
  REALTIME_FRAME_SCHEDULER,
  RealtimeError,
  WebSocketService,
  withFeed,
  type FeedEvent,
  type FeedOptions,
  type PostCounts,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { firstValueFrom } from 'rxjs';
import { animationFrameScheduler } from '../../angular/frame-scheduler';

/** A stand-in for the app's REST client, reached through inject() by reloadCounts. */
@Injectable({ providedIn: 'root' })
class PostsApi {
  readonly asked: (readonly string[])[] = [];
  answer: Readonly<Record<string, Partial<PostCounts>>> = {};
  counts(postIds: readonly string[]) {
    this.asked.push(postIds);
    return Promise.resolve(this.answer);
  }
}

function setup(options: FeedOptions = {}, providers: Provider[] = []) {
  TestBed.configureTestingModule({
    providers: [
      ...providers,
      provideRealtime(
        {
          url: 'ws://test/ws',
          token: () => 't',
          userId: 'me',
          reconnect: { jitter: 'none', initialDelayMs: 1 },
          reportToErrorHandler: false,
        },
        withFeed(options),
      ),
      provideRealtimeTesting(),
      // These specs test the per-frame publication: real (fake-timer) frames, not the kit's
      // synchronous scheduler.
      { provide: REALTIME_FRAME_SCHEDULER, useValue: animationFrameScheduler },
    ],
  });
  const controller = TestBed.inject(RealtimeTestingController);
  const realtime = TestBed.inject(WebSocketService);
  const feed = TestBed.inject(FeedRealtime);
  realtime.connect();
  controller.expectSubscribe('feed:updates');
  return { feed, controller, realtime };
}

/** Lets the per-frame publication run (requestAnimationFrame is faked by Jest). */
const nextFrame = () => jest.advanceTimersToNextFrame();

const post = (postId: string, userId = 'alice') => ({
  type: 'new_post',
  post_id: postId,
  user_id: userId,
});

describe('FeedRealtime', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('new posts', () => {
    it('counts posts by other people, once per post, and publishes once per frame', () => {
      const { feed, controller } = setup();
      controller.emit('feed:updates', 'feed_update', post('p1'));
      controller.emit('feed:updates', 'feed_update', post('p2', 'bob'));
      controller.emit('feed:updates', 'feed_update', post('p1'));
      // Nothing is published before the frame: a burst costs one render.
      expect(feed.newPostsCount()).toBe(0);
      nextFrame();
      expect(feed.newPostsCount()).toBe(2);
      expect(feed.hasNewPosts()).toBe(true);
      expect(feed.newPosts().map((update) => update.post_id)).toEqual(['p2', 'p1']);
    });

    it("ignores the user's own posts, by the configured id and then the server's greeting", () => {
      const { feed, controller } = setup();
      controller.emit('feed:updates', 'feed_update', post('p1', 'me'));
      controller.emit(null, 'connect', { user_id: 'u-42' });
      controller.emit('feed:updates', 'feed_update', post('p2', 'u-42'));
      controller.emit('feed:updates', 'feed_update', post('p3', 'me'));
      nextFrame();
      expect(feed.newPosts().map((update) => update.post_id)).toEqual(['p3']);
      expect(feed.newPostsCount()).toBe(1);
    });

    it('keeps the newest posts in a bounded buffer but still counts the dropped ones', () => {
      const { feed, controller } = setup({ maxBufferedPosts: 2 });
      for (const id of ['p1', 'p2', 'p3']) {
        controller.emit('feed:updates', 'feed_update', post(id));
      }
      nextFrame();
      expect(feed.newPostsCount()).toBe(3);
      expect(feed.newPosts().map((update) => update.post_id)).toEqual(['p3', 'p2']);
    });

    it('loadNewPosts returns them newest first and resets the count; a replay is not recounted', () => {
      const { feed, controller } = setup();
      controller.emit('feed:updates', 'feed_update', { ...post('p1'), post: { title: 'a' } });
      controller.emit('feed:updates', 'feed_update', post('p2'));
      nextFrame();

      const loaded = feed.loadNewPosts<{ title: string }>();
      expect(loaded.map((update) => update.post_id)).toEqual(['p2', 'p1']);
      expect(loaded[1].post?.title).toBe('a');
      expect(feed.newPostsCount()).toBe(0);
      expect(feed.hasNewPosts()).toBe(false);
      expect(feed.newPosts()).toEqual([]);

      controller.emit('feed:updates', 'feed_update', post('p1'));
      controller.emit('feed:updates', 'feed_update', post('p3'));
      nextFrame();
      expect(feed.newPostsCount()).toBe(1);
      expect(feed.loadNewPosts().map((update) => update.post_id)).toEqual(['p3']);
    });

    it("takes the server's new_posts_count as a floor until the next load", () => {
      const { feed, controller } = setup();
      controller.emit('feed:updates', 'feed_update', post('p1'));
      controller.emit('feed:updates', 'count_update', { new_posts_count: 5 });
      nextFrame();
      expect(feed.newPostsCount()).toBe(5);
      feed.loadNewPosts();
      expect(feed.newPostsCount()).toBe(0);
      controller.emit('feed:updates', 'feed_update', post('p2'));
      nextFrame();
      expect(feed.newPostsCount()).toBe(1);
    });

    it('publishes at most once per batchIntervalMs when one is set', () => {
      const { feed, controller } = setup({ batchIntervalMs: 30_000 });
      controller.emit('feed:updates', 'feed_update', post('p1'));
      controller.emit('feed:updates', 'count_update', { post_id: 'p9', likes: 3 });
      nextFrame();
      jest.advanceTimersByTime(29_000);
      expect(feed.newPostsCount()).toBe(0);
      expect(feed.counts('p9')()).toBeUndefined();
      jest.advanceTimersByTime(1_000);
      expect(feed.newPostsCount()).toBe(1);
      expect(feed.counts('p9')()?.likes).toBe(3);
    });
  });

  describe('live counts', () => {
    it('follows count_update (absolute values), coalesced per frame', () => {
      const { feed, controller } = setup();
      const counts = feed.counts('p1');
      expect(counts()).toBeUndefined();
      controller.emit('feed:updates', 'count_update', {
        post_id: 'p1',
        likes: 1,
        comments: 0,
        shares: 0,
      });
      controller.emit('feed:updates', 'count_update', { post_id: 'p1', likes: 4, comments: 2 });
      expect(counts()).toBeUndefined();
      nextFrame();
      expect(counts()).toEqual({ likes: 4, comments: 2, shares: 0, stale: false });
      expect(feed.counts('p1')).toBe(counts);
    });

    it('applies reaction, comment and share updates: count is absolute, replays change nothing', () => {
      const { feed, controller } = setup();
      feed.seedCounts('p1', { likes: 10, comments: 1, shares: 0 });
      const reaction = { type: 'reaction', post_id: 'p1', user_id: 'bob', count: 12 };
      controller.emit('feed:updates', 'feed_update', reaction);
      controller.emit('feed:updates', 'feed_update', reaction);
      controller.emit('feed:updates', 'feed_update', { ...reaction, type: 'comment', count: 3 });
      controller.emit('feed:updates', 'feed_update', { ...reaction, type: 'share', count: 1 });
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 12, comments: 3, shares: 1, stale: false });
    });

    it('moves seeded counts by reactions without count, never for the user or twice', () => {
      const { feed, controller } = setup();
      feed.seedCounts('p1', { likes: 10, comments: 1, shares: 0 });
      controller.emit('feed:updates', 'feed_update', { type: 'reaction', post_id: 'p1' });
      controller.emit('feed:updates', 'feed_update', { type: 'comment', post_id: 'p1' });
      controller.emit('feed:updates', 'feed_update', {
        type: 'reaction',
        post_id: 'p1',
        action: 'removed',
      });
      controller.emit('feed:updates', 'feed_update', {
        type: 'share',
        post_id: 'p1',
        user_id: 'me',
      });
      controller.emit('feed:updates', 'feed_update', { type: 'reaction', post_id: 'unknown' });
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 10, comments: 2, shares: 0, stale: false });
      expect(feed.counts('unknown')()).toBeUndefined();

      // Once the server sent absolute counts, they carry every reaction: increments stop.
      controller.emit('feed:updates', 'count_update', { post_id: 'p1', likes: 11 });
      controller.emit('feed:updates', 'feed_update', { type: 'reaction', post_id: 'p1' });
      nextFrame();
      expect(feed.counts('p1')()?.likes).toBe(11);
    });

    it('starts a new post at zero, so its first reactions count', () => {
      const { feed, controller } = setup();
      controller.emit('feed:updates', 'feed_update', post('p1', 'me'));
      controller.emit('feed:updates', 'feed_update', { type: 'reaction', post_id: 'p1' });
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 1, comments: 0, shares: 0, stale: false });
    });

    it('lets seeds apply at once, but never over fresher counts from the server', () => {
      const { feed, controller } = setup();
      feed.seedCounts('p1', { likes: 2, comments: 0, shares: 0 });
      expect(feed.counts('p1')()?.likes).toBe(2);
      controller.emit('feed:updates', 'count_update', { post_id: 'p1', likes: 5 });
      nextFrame();
      feed.seedCounts('p1', { likes: 3 });
      expect(feed.counts('p1')()?.likes).toBe(5);
    });

    it('ignores counts of the wrong type or sign without failing', () => {
      const { feed, controller } = setup();
      feed.seedCounts('p1', { likes: -1, comments: Number.NaN });
      controller.emit('feed:updates', 'count_update', { post_id: 'p1', likes: 'many' });
      controller.emit('feed:updates', 'feed_update', {
        ...post('p1'),
        type: 'reaction',
        count: 'x',
      });
      controller.emit('feed:updates', 'count_update', { likes: 3 });
      nextFrame();
      expect(feed.counts('p1')()).toBeUndefined();
    });

    it('forgets the least recently used posts beyond maxTrackedPosts', () => {
      const { feed, controller } = setup({ maxTrackedPosts: 2 });
      feed.seedCounts('p1', { likes: 1 });
      feed.seedCounts('p2', { likes: 2 });
      feed.counts('p1'); // p1 is on screen: p2 is now the least recently used
      controller.emit('feed:updates', 'count_update', { post_id: 'p3', likes: 3 });
      nextFrame();
      expect(feed.counts('p1')()?.likes).toBe(1);
      expect(feed.counts('p2')()).toBeUndefined();
      expect(feed.counts('p3')()?.likes).toBe(3);
    });
  });

  describe('like()', () => {
    it('sends like_post and applies the acknowledged counts; the echo changes nothing', async () => {
      const { feed, controller } = setup();
      const answer = firstValueFrom(feed.like('p1'));
      const frame = controller.expectSent('like_post');
      expect(frame.payload).toEqual({ post_id: 'p1' });
      controller.ack(frame, { post_id: 'p1', likes: 1, comments: 0, shares: 0 });
      await expect(answer).resolves.toEqual({ likes: 1, comments: 0, shares: 0 });
      controller.emit('feed:updates', 'count_update', {
        post_id: 'p1',
        likes: 1,
        comments: 0,
        shares: 0,
      });
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 1, comments: 0, shares: 0, stale: false });
      controller.verify();
    });

    it('fails with a typed error when the ack carries no counts', async () => {
      const { feed, controller } = setup();
      const answer = firstValueFrom(feed.like('p1'));
      controller.ack(controller.expectSent('like_post'), { ok: true });
      await expect(answer).rejects.toMatchObject({ code: 'invalid_message' });
      await expect(answer).rejects.toBeInstanceOf(RealtimeError);
    });
  });

  it('streams every feed event raw and typed, the own ones included', () => {
    const { feed, controller } = setup();
    const seen: FeedEvent[] = [];
    feed.updates$.subscribe((event) => seen.push(event));
    controller.emit('feed:updates', 'feed_update', post('p1', 'me'));
    controller.emit('feed:updates', 'count_update', { post_id: 'p1', likes: 2 });
    controller.emit('feed:updates', 'notification', { id: 'n1', type: 'like' });
    const summary = seen.map((event) =>
      event.type === 'feed_update' ? event.payload.post_id : event.payload.likes,
    );
    expect(summary).toEqual(['p1', 2]);
  });

  describe('after a gap the catch-up could not fill', () => {
    /** Reconnects and answers the catch-up with `complete: false`. */
    function loseEvents(controller: RealtimeTestingController, realtime: WebSocketService) {
      controller.emit('feed:updates', 'count_update', { new_posts_count: 0 }, { seq: 1 });
      realtime.reconnect();
      controller.expectSubscribe('feed:updates');
      controller.ack(controller.expectSent('get_missed_messages'), {
        messages: [],
        complete: false,
      });
    }

    it('marks counts and the feed stale until fresh counts come', () => {
      const { feed, controller, realtime } = setup();
      feed.seedCounts('p1', { likes: 1, comments: 0, shares: 0 });
      loseEvents(controller, realtime);
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 1, comments: 0, shares: 0, stale: true });
      expect(feed.stale()).toBe(true);

      controller.emit('feed:updates', 'count_update', {
        post_id: 'p1',
        likes: 4,
        comments: 0,
        shares: 0,
      });
      nextFrame();
      expect(feed.counts('p1')()).toEqual({ likes: 4, comments: 0, shares: 0, stale: false });
      feed.loadNewPosts();
      expect(feed.stale()).toBe(false);
    });

    it('asks reloadCounts (in an injection context) for the tracked posts', async () => {
      const { feed, controller, realtime } = setup({
        reloadCounts: (ids) => TestBed.inject(PostsApi).counts(ids),
      });
      const api = TestBed.inject(PostsApi);
      api.answer = { p1: { likes: 7, comments: 1, shares: 0 }, p2: { likes: 'x' } as never };
      feed.seedCounts('p1', { likes: 1, comments: 0, shares: 0 });
      loseEvents(controller, realtime);
      await jest.runOnlyPendingTimersAsync();
      expect(api.asked).toEqual([['p1']]);
      expect(feed.counts('p1')()).toEqual({ likes: 7, comments: 1, shares: 0, stale: false });
      expect(feed.counts('p2')()).toBeUndefined();
    });

    it('reports a failing reloadCounts to the ErrorHandler and keeps the counts stale', async () => {
      const handleError = jest.fn();
      const { feed, controller, realtime } = setup(
        { reloadCounts: () => Promise.reject(new Error('offline')) },
        [{ provide: ErrorHandler, useValue: { handleError } }],
      );
      feed.seedCounts('p1', { likes: 1, comments: 0, shares: 0 });
      loseEvents(controller, realtime);
      await jest.runOnlyPendingTimersAsync();
      expect(handleError).toHaveBeenCalledWith(new Error('offline'));
      expect(feed.counts('p1')()?.stale).toBe(true);
    });
  });

  it('refuses invalid limits at configuration time', () => {
    expect(() => withFeed({ maxBufferedPosts: -1 })).toThrow(/maxBufferedPosts/);
    expect(() => withFeed({ maxTrackedPosts: 0 })).toThrow(/maxTrackedPosts/);
    expect(() => withFeed({ batchIntervalMs: 1.5 })).toThrow(/batchIntervalMs/);
    expect(() => withFeed({ channel: '' })).toThrow(/channel/);
  });

  it('is inert on the server (SSR): no channel, no timer, empty state', () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: PLATFORM_ID, useValue: 'server' },
        provideRealtime({ url: 'ws://test/ws', token: () => 't', userId: 'me' }, withFeed()),
        provideRealtimeTesting(),
      ],
    });
    const feed = TestBed.inject(FeedRealtime);
    const controller = TestBed.inject(RealtimeTestingController);
    TestBed.inject(WebSocketService).connect();
    feed.seedCounts('p1', { likes: 1 });
    expect(feed.counts('p1')()?.likes).toBe(1);
    expect(feed.loadNewPosts()).toEqual([]);
    expect(feed.newPostsCount()).toBe(0);
    expect(controller.connectionCount).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
