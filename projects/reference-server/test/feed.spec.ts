import {
  bumpPostCounts,
  postCounts,
  publishCountUpdate,
  publishFeedUpdate,
} from '../src/features/feed';
import { ackData, DomainHarness } from './domain-support';
import { waitFor, type Received } from './support';

const isType = (type: string) => (frame: Received) => frame.type === type;

describe('reference server: feed', () => {
  const harness = new DomainHarness();

  beforeEach(() => harness.start());
  afterEach(() => harness.stop());

  /** A user subscribed to `feed:updates`. */
  const reader = async (userId: string) => {
    const client = await harness.connect(userId);
    await client.request('subscribe', { channel: 'feed:updates' });
    return client;
  };

  it('publishes feed_update to subscribers, never to the author', async () => {
    const author = await reader('alice');
    const bob = await reader('bob');
    const outsider = await harness.connect('carol');
    const sent = publishFeedUpdate(harness.context, { user_id: 'alice', post_id: 'post_1' });
    expect(sent).toEqual({
      type: 'new_post',
      post_id: 'post_1',
      user_id: 'alice',
      username: 'alice',
      action: 'created',
      created_at: expect.any(String),
    });
    const event = await bob.next(isType('feed_update'));
    expect(event).toMatchObject({ channel: 'feed:updates', payload: sent });
    await author.request('heartbeat', {});
    await outsider.request('heartbeat', {});
    expect(author.ofType('feed_update')).toEqual([]);
    expect(outsider.ofType('feed_update')).toEqual([]);
  });

  it('fills in a post id and accepts other update kinds', async () => {
    const bob = await reader('bob');
    const sent = publishFeedUpdate(harness.context, {
      user_id: 'alice',
      type: 'post_updated',
      action: 'edited',
    });
    expect(sent.post_id).toEqual(expect.any(String));
    expect((await bob.next(isType('feed_update'))).payload).toMatchObject({
      type: 'post_updated',
      action: 'edited',
    });
  });

  it('publishes count_update for feed counters and live per-post counts', async () => {
    const bob = await reader('bob');
    publishCountUpdate(harness.context, { new_posts_count: 5 });
    bumpPostCounts(harness.context, 'post_1', { likes: 2, comments: 1 });
    bumpPostCounts(harness.context, 'post_1', { likes: -5, shares: 1 });
    await waitFor(() => bob.ofType('count_update').length === 3);
    const [feed, first, second] = bob.ofType('count_update').map((frame) => frame.payload);
    expect(feed).toEqual({ new_posts_count: 5, last_update: expect.any(String) });
    expect(first).toMatchObject({ post_id: 'post_1', likes: 2, comments: 1, shares: 0 });
    expect(second).toMatchObject({ post_id: 'post_1', likes: 0, comments: 1, shares: 1 });
    expect(postCounts(harness.context, 'post_1')).toEqual({ likes: 0, comments: 1, shares: 1 });
  });

  it('extension like_post adds a like, acks the counts and publishes them to everyone', async () => {
    const alice = await reader('alice');
    const bob = await reader('bob');
    const answer = ackData(await alice.request('like_post', { post_id: 'post_9' }));
    expect(answer).toEqual({ post_id: 'post_9', likes: 1, comments: 0, shares: 0 });
    for (const client of [alice, bob]) {
      const event = await client.next(isType('count_update'));
      expect(event.payload).toMatchObject({ post_id: 'post_9', likes: 1 });
    }
    expect((await alice.request('like_post', {})).payload['code']).toBe('INVALID_MESSAGE');
  });

  it('refuses input the client would drop', () => {
    expect(() => publishFeedUpdate(harness.context, { user_id: '' })).toThrow(/user_id/);
    expect(() =>
      publishFeedUpdate(harness.context, { user_id: 'alice', post_id: 7 as unknown as string }),
    ).toThrow(/post_id/);
    expect(() =>
      publishCountUpdate(harness.context, { new_posts_count: 'many' as unknown as number }),
    ).toThrow(/new_posts_count/);
  });

  it('owns feed:updates only', async () => {
    const client = await harness.connect('alice');
    const refused = await client.request('subscribe', { channel: 'feed:other' });
    expect(refused.payload['code']).toBe('CHANNEL_NOT_FOUND');
  });
});
