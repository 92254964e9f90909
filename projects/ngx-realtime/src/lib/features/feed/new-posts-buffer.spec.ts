import { NewPostsBuffer, REMEMBERED_POST_IDS } from './new-posts-buffer';

const post = (id: string) => ({ type: 'new_post', post_id: id });

describe('NewPostsBuffer', () => {
  it('keeps count-only with capacity 0', () => {
    const buffer = new NewPostsBuffer(0);
    buffer.add(post('a'));
    buffer.add(post('b'));
    expect(buffer.count).toBe(2);
    expect(buffer.take()).toEqual([]);
    expect(buffer.count).toBe(0);
  });

  it('remembers a bounded number of post ids for deduplication', () => {
    const buffer = new NewPostsBuffer(1);
    expect(buffer.add(post('first'))).toBe(true);
    expect(buffer.add(post('first'))).toBe(false);
    for (let i = 0; i < REMEMBERED_POST_IDS; i++) buffer.add(post(`p${i}`));
    // The oldest id was forgotten: memory stays bounded, at the price of a late duplicate.
    expect(buffer.add(post('first'))).toBe(true);
    expect(buffer.count).toBe(REMEMBERED_POST_IDS + 2);
    expect(buffer.newestFirst).toEqual([post('first')]);
  });
});
