/*
 * FeedRealtime against the real reference server over loopback: new posts by other people
 * are counted (the author's own are not), and like_post's count_update reaches counts().
 * Real timers and sockets; every wait polls a condition (see support/).
 */
import { FeedRealtime, withFeed, type FeedEvent } from 'ngx-realtime';
import { firstValueFrom } from 'rxjs';
import {
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  useNodeTimers,
  waitFor,
  type ReferenceServer,
} from './support/reference-server';

describe('integration: FeedRealtime against the reference server', () => {
  let server: ReferenceServer;
  let alice: RealtimeHarness;
  let bob: RealtimeHarness;
  useNodeTimers();

  beforeEach(async () => {
    server = await startReferenceServer();
    alice = RealtimeHarness.inTestBed(server, { userId: 'alice', features: [withFeed()] });
    bob = RealtimeHarness.forUser(server, { userId: 'bob', features: [withFeed()] });
    alice.service.connect();
    bob.service.connect();
    // withFeed() joins the channel by itself: nobody else listens.
    await alice.joined('feed:updates');
    await bob.joined('feed:updates');
  });

  afterEach(async () => {
    bob.destroy();
    alice.destroy();
    await stopReferenceServer(server);
  });

  it("counts another user's post, and the author's own client does not", async () => {
    const aliceFeed = alice.get(FeedRealtime);
    const bobFeed = bob.get(FeedRealtime);
    const bobSaw: FeedEvent[] = [];
    const subscription = bobFeed.updates$.subscribe((event) => bobSaw.push(event));

    // Published to every subscriber, the author included, so bob's client must filter it.
    const post = { type: 'new_post', post_id: 'p1', user_id: 'bob', username: 'bob' };
    expect(server.hub.publish('feed:updates', 'feed_update', post)).toBe(2);

    await waitFor(() => aliceFeed.newPostsCount() === 1, 'alice counts the post');
    await waitFor(() => bobSaw.length === 1, 'bob receives his own post');
    subscription.unsubscribe();
    expect(aliceFeed.hasNewPosts()).toBe(true);
    expect(bobFeed.newPostsCount()).toBe(0);
    expect(bobFeed.hasNewPosts()).toBe(false);

    expect(aliceFeed.loadNewPosts().map((update) => update.post_id)).toEqual(['p1']);
    expect(aliceFeed.newPostsCount()).toBe(0);
  });

  it("like_post's count_update updates counts(postId) on every client, once", async () => {
    const aliceFeed = alice.get(FeedRealtime);
    const bobFeed = bob.get(FeedRealtime);

    const acked = await firstValueFrom(bobFeed.like('p7'));
    expect(acked).toEqual({ likes: 1, comments: 0, shares: 0 });
    await waitFor(() => aliceFeed.counts('p7')()?.likes === 1, "alice sees bob's like");

    await firstValueFrom(aliceFeed.like('p7'));
    await waitFor(() => bobFeed.counts('p7')()?.likes === 2, "bob sees alice's like");
    // The ack and the count_update echo carry the same total: nothing is counted twice.
    await waitFor(() => aliceFeed.counts('p7')()?.likes === 2, 'alice sees her own like');
    expect(aliceFeed.counts('p7')()).toEqual({ likes: 2, comments: 0, shares: 0, stale: false });
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('marks counts and the feed stale after a restart the catch-up cannot fill', async () => {
    const aliceFeed = alice.get(FeedRealtime);
    await firstValueFrom(aliceFeed.like('p7'));
    await waitFor(() => aliceFeed.counts('p7')()?.likes === 1, 'the like');

    server.restart();
    await waitFor(() => aliceFeed.stale(), 'the feed marked stale', 8_000);
    await waitFor(() => aliceFeed.counts('p7')()?.stale === true, 'counts marked stale');
    expect(alice.recoveries).toContain('incomplete');
  });
});
