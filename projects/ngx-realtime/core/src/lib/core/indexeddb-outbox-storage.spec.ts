import { IDBFactory } from 'fake-indexeddb';
import {
  indexedDbOutboxStorage,
  type OutboxStorage,
  type PersistedOutboxEntry,
} from 'ngx-realtime';

function entry(id: string, enqueuedAt: number, n = 0): PersistedOutboxEntry {
  const message = { id, type: 'typing_start', payload: { n }, timestamp: '2026-01-02T03:04:05Z' };
  return { message, frame: JSON.stringify(message), enqueuedAt };
}

async function ids(storage: OutboxStorage): Promise<string[]> {
  return (await storage.load()).map((stored) => stored.message.id);
}

/** Opens `name` at the next version, as another tab upgrading the database would. */
function upgradeElsewhere(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = factory.open(name);
    probe.onsuccess = () => {
      const version = probe.result.version + 1;
      probe.result.close();
      const upgrade = factory.open(name, version);
      upgrade.onupgradeneeded = () => upgrade.result.createObjectStore(`other-${version}`);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error);
    };
    probe.onerror = () => reject(probe.error);
  });
}

describe('indexedDbOutboxStorage', () => {
  let factory: IDBFactory;

  beforeEach(() => {
    factory = new IDBFactory();
  });

  it('round-trips entries, by enqueue time, ties in the order they were added', async () => {
    const storage = indexedDbOutboxStorage({ indexedDB: factory });
    await storage.add(entry('z', 20));
    await storage.add(entry('b', 10));
    await storage.add(entry('a', 20));
    await storage.add(entry('m', 5, 7));
    const loaded = await storage.load();
    expect(loaded.map((stored) => stored.message.id)).toEqual(['m', 'b', 'z', 'a']);
    expect(loaded[0]).toEqual(entry('m', 5, 7));
  });

  it('replaces an entry with the same id, removes by id and clears', async () => {
    const storage = indexedDbOutboxStorage({ indexedDB: factory });
    await storage.add(entry('a', 1, 1));
    await storage.add(entry('b', 2));
    await storage.add(entry('a', 3, 2));
    expect(await storage.load()).toEqual([entry('b', 2), entry('a', 3, 2)]);
    await storage.remove('b');
    await storage.remove('nope');
    expect(await ids(storage)).toEqual(['a']);
    await storage.clear();
    expect(await ids(storage)).toEqual([]);
  });

  it('survives a reload: a new storage on the same database sees the entries', async () => {
    await indexedDbOutboxStorage({ indexedDB: factory }).add(entry('a', 1));
    expect(await ids(indexedDbOutboxStorage({ indexedDB: factory }))).toEqual(['a']);
    expect(await ids(indexedDbOutboxStorage({ indexedDB: factory, databaseName: 'x' }))).toEqual(
      [],
    );
  });

  it('creates a second store in an existing database', async () => {
    const first = indexedDbOutboxStorage({ indexedDB: factory, databaseName: 'app' });
    await first.add(entry('a', 1));
    const second = indexedDbOutboxStorage({
      indexedDB: factory,
      databaseName: 'app',
      storeName: 'user-2',
    });
    await second.add(entry('b', 1));
    expect(await ids(first)).toEqual(['a']);
    expect(await ids(second)).toEqual(['b']);
  });

  it('lets another tab upgrade the database and reopens it on the next call', async () => {
    const storage = indexedDbOutboxStorage({ indexedDB: factory });
    await storage.add(entry('a', 1));
    await upgradeElsewhere(factory, 'ngx-realtime');
    await storage.add(entry('b', 2));
    expect(await ids(storage)).toEqual(['a', 'b']);
  });

  it('rejects an entry IndexedDB cannot clone, and keeps working', async () => {
    const storage = indexedDbOutboxStorage({ indexedDB: factory });
    const bad = entry('bad', 1);
    const unclonable = { ...bad, message: { ...bad.message, payload: { f: () => 1 } } };
    await expect(storage.add(unclonable)).rejects.toMatchObject({ code: 'storage_failed' });
    await storage.add(entry('a', 2));
    expect(await ids(storage)).toEqual(['a']);
  });

  it('rejects with storage_failed when the database cannot open, and retries on the next call', async () => {
    let refuse = true;
    const flaky = {
      open: (name: string, version?: number) => {
        if (!refuse) return factory.open(name, version);
        refuse = false;
        // A lower version than the existing one fails the open request.
        return factory.open(name, 1);
      },
    } as unknown as IDBFactory;
    await upgradeElsewhere(factory, 'ngx-realtime');
    await upgradeElsewhere(factory, 'ngx-realtime');
    const storage = indexedDbOutboxStorage({ indexedDB: flaky });
    await expect(storage.load()).rejects.toMatchObject({ code: 'storage_failed' });
    await storage.add(entry('a', 1));
    expect(await ids(storage)).toEqual(['a']);
  });

  it('uses the global indexedDB by default', async () => {
    const global = globalThis as { indexedDB?: IDBFactory };
    global.indexedDB = factory;
    try {
      await indexedDbOutboxStorage().add(entry('a', 1));
    } finally {
      delete global.indexedDB;
    }
    expect(await ids(indexedDbOutboxStorage({ indexedDB: factory }))).toEqual(['a']);
  });

  it('throws unavailable at creation when there is no IndexedDB (SSR, Node)', () => {
    expect('indexedDB' in globalThis).toBe(false);
    expect(() => indexedDbOutboxStorage()).toThrow(
      expect.objectContaining({ code: 'unavailable' }),
    );
  });
});
