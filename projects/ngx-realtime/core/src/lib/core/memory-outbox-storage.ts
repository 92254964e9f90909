import type { OutboxStorage, PersistedOutboxEntry } from './outbox-storage';

/**
 * An {@link OutboxStorage} in memory: survives a new `RealtimeClient` given the same instance,
 * not a page reload. For tests (a "reload" is a second client on the same storage) and for
 * Node scripts. Entries are copied with `structuredClone` on the way in and out, as a real
 * store would serialise them.
 *
 * @example
 * const storage = memoryOutboxStorage();
 * new RealtimeClient({ url, outboxStorage: storage }).send(message); // queued while offline
 * new RealtimeClient({ url, outboxStorage: storage }).connect(); // sends it
 */
export function memoryOutboxStorage(): OutboxStorage {
  // A Map keeps insertion order; re-adding an id moves it to the end, like a fresh enqueue.
  const entries = new Map<string, PersistedOutboxEntry>();
  return {
    load: async () =>
      [...entries.values()]
        .map((entry) => structuredClone(entry))
        .sort((a, b) => a.enqueuedAt - b.enqueuedAt),
    add: async (entry) => {
      entries.delete(entry.message.id);
      entries.set(entry.message.id, structuredClone(entry));
    },
    remove: async (id) => {
      entries.delete(id);
    },
    clear: async () => {
      entries.clear();
    },
  };
}
