import { RealtimeError } from '../errors/realtime-error';
import type { OutboxStorage, PersistedOutboxEntry } from './outbox-storage';

/** Options of {@link indexedDbOutboxStorage}. */
export interface IndexedDbOutboxStorageOptions {
  /** Database name (default `ngx-realtime`). Give each app (or user) its own to keep them apart. */
  readonly databaseName?: string;
  /** Object store name (default `outbox`); created on first use, also in an existing database. */
  readonly storeName?: string;
  /** The IndexedDB factory (default: the global `indexedDB`); tests pass `fake-indexeddb`. */
  readonly indexedDB?: IDBFactory;
}

/** The stored record: the entry plus its key and a tie-breaker for entries queued in one ms. */
interface StoredRecord extends PersistedOutboxEntry {
  readonly id: string;
  readonly order: number;
}

/**
 * An {@link OutboxStorage} in IndexedDB: one object store keyed by message id; `load()`
 * returns entries by enqueue time. The database opens on first use and closes itself when
 * another tab upgrades it (the next call reopens it).
 *
 * @throws RealtimeError `unavailable` at creation when there is no IndexedDB (SSR, Node, old
 * or locked-down browsers): fail fast rather than silently persisting nothing. The Angular
 * `withPersistentOutbox()` catches it and runs with the in-memory outbox only.
 *
 * @example
 * const client = new RealtimeClient({
 *   url: 'wss://api.example.com/ws',
 *   outboxStorage: indexedDbOutboxStorage({ databaseName: `chat-${userId}` }),
 * });
 */
export function indexedDbOutboxStorage(options: IndexedDbOutboxStorageOptions = {}): OutboxStorage {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory == null) {
    throw new RealtimeError('unavailable', 'IndexedDB is not available on this platform');
  }
  const databaseName = options.databaseName ?? 'ngx-realtime';
  const storeName = options.storeName ?? 'outbox';
  let database: Promise<IDBDatabase> | null = null;
  // Orders entries queued within the same millisecond; later page loads have later times.
  let order = 0;

  const open = (): Promise<IDBDatabase> => {
    database ??= openWithStore(factory, databaseName, storeName).then((db) => {
      db.onversionchange = () => {
        db.close();
        database = null;
      };
      return db;
    });
    // A failed open is retried by the next call rather than remembered forever.
    database.catch(() => (database = null));
    return database;
  };

  const write = async (action: (store: IDBObjectStore) => void): Promise<void> => {
    const db = await open();
    const transaction = db.transaction(storeName, 'readwrite');
    try {
      action(transaction.objectStore(storeName));
    } catch (error) {
      // For example a DataCloneError: a payload IndexedDB cannot store.
      transaction.abort();
      throw storageError('write', error);
    }
    await completion(transaction);
  };

  return {
    load: async () => {
      const db = await open();
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const records = (await result(store.getAll())) as StoredRecord[];
      records.sort((a, b) => a.enqueuedAt - b.enqueuedAt || a.order - b.order);
      return records.map(({ message, frame, enqueuedAt }) => ({ message, frame, enqueuedAt }));
    },
    add: (entry) =>
      write((store) => {
        const record: StoredRecord = { ...entry, id: entry.message.id, order: order++ };
        store.put(record);
      }),
    remove: (id) => write((store) => store.delete(id)),
    clear: () => write((store) => store.clear()),
  };
}

/** Opens `name`, creating `storeName` (with a version bump when the database already exists). */
async function openWithStore(
  factory: IDBFactory,
  name: string,
  storeName: string,
): Promise<IDBDatabase> {
  const createStore = (request: IDBOpenDBRequest) => {
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) {
        request.result.createObjectStore(storeName, { keyPath: 'id' });
      }
    };
    return result(request);
  };
  const db = await createStore(factory.open(name));
  if (db.objectStoreNames.contains(storeName)) return db;
  const version = db.version + 1;
  db.close();
  return createStore(factory.open(name, version));
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(storageError('request', request.error));
  });
}

function completion(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(storageError('transaction', transaction.error));
    transaction.onabort = () => reject(storageError('transaction', transaction.error));
  });
}

function storageError(what: string, cause: unknown): RealtimeError {
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : 'aborted';
  return new RealtimeError('storage_failed', `IndexedDB ${what} failed (${name})`, { cause });
}
