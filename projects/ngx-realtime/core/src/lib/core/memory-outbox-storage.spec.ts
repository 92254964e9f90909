import { memoryOutboxStorage, type PersistedOutboxEntry } from 'ngx-realtime';

function entry(id: string, enqueuedAt: number, n = 0): PersistedOutboxEntry {
  const message = { id, type: 'typing_start', payload: { n }, timestamp: '2026-01-02T03:04:05Z' };
  return { message, frame: JSON.stringify(message), enqueuedAt };
}

describe('memoryOutboxStorage', () => {
  it('loads nothing when empty', async () => {
    expect(await memoryOutboxStorage().load()).toEqual([]);
  });

  it('loads entries by enqueue time, ties in the order they were added', async () => {
    const storage = memoryOutboxStorage();
    await storage.add(entry('z', 20));
    await storage.add(entry('b', 10));
    await storage.add(entry('a', 20));
    await storage.add(entry('m', 5));
    expect((await storage.load()).map((stored) => stored.message.id)).toEqual(['m', 'b', 'z', 'a']);
  });

  it('replaces an entry with the same id', async () => {
    const storage = memoryOutboxStorage();
    await storage.add(entry('a', 1, 1));
    await storage.add(entry('a', 2, 2));
    expect(await storage.load()).toEqual([entry('a', 2, 2)]);
  });

  it('removes by id, and ignores an unknown id', async () => {
    const storage = memoryOutboxStorage();
    await storage.add(entry('a', 1));
    await storage.add(entry('b', 2));
    await storage.remove('a');
    await storage.remove('nope');
    expect(await storage.load()).toEqual([entry('b', 2)]);
  });

  it('clears everything', async () => {
    const storage = memoryOutboxStorage();
    await storage.add(entry('a', 1));
    await storage.add(entry('b', 2));
    await storage.clear();
    expect(await storage.load()).toEqual([]);
  });

  it('stores copies: changing an added or loaded entry changes nothing stored', async () => {
    const storage = memoryOutboxStorage();
    const added = { ...entry('a', 1), enqueuedAt: 1 };
    await storage.add(added);
    added.enqueuedAt = 99;
    const [loaded] = await storage.load();
    (loaded.message.payload as { n: number }).n = 42;
    expect(await storage.load()).toEqual([entry('a', 1)]);
  });
});
