import { PostCountsStore } from './post-counts-store';

describe('PostCountsStore', () => {
  it('forgets the least recently used post beyond its capacity and reports it as changed', () => {
    const store = new PostCountsStore(2);
    store.setAbsolute('a', { likes: 1 });
    store.setAbsolute('b', { likes: 2 });
    store.touch('a');
    store.takeChanged();
    store.setAbsolute('c', { likes: 3 });
    expect(store.postIds()).toEqual(['a', 'c']);
    expect(store.get('b')).toBeUndefined();
    expect(store.takeChanged().sort()).toEqual(['b', 'c']);
    expect(store.size).toBe(2);
  });

  it('reports no change for equal counts, and clears staleness only on complete counts', () => {
    const store = new PostCountsStore(10);
    expect(store.setAbsolute('a', { likes: 1, comments: 0, shares: 0 })).toBe(true);
    expect(store.setAbsolute('a', { likes: 1 })).toBe(false);
    expect(store.setAbsolute('a', {})).toBe(false);
    expect(store.markAllStale()).toBe(true);
    expect(store.markAllStale()).toBe(false);
    store.setAbsolute('a', { likes: 2 });
    expect(store.get('a')).toEqual({ likes: 2, comments: 0, shares: 0, stale: true });
    store.setAbsolute('a', { likes: 2, comments: 0, shares: 0 });
    expect(store.get('a')?.stale).toBe(false);
  });

  it('never counts below zero and only moves posts the server does not count itself', () => {
    const store = new PostCountsStore(10);
    expect(store.increment('a', 'likes', 1)).toBe(false);
    store.start('a');
    expect(store.start('a')).toBe(false);
    expect(store.increment('a', 'likes', -1)).toBe(false);
    expect(store.increment('a', 'shares', 1)).toBe(true);
    store.setAbsolute('a', { shares: 5 });
    expect(store.increment('a', 'shares', 1)).toBe(false);
    expect(store.get('a')).toEqual({ likes: 0, comments: 0, shares: 5, stale: false });
  });
});
