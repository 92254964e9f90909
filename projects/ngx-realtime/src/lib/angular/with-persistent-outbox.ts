import { isPlatformBrowser } from '@angular/common';
import { inject, PLATFORM_ID } from '@angular/core';
import {
  indexedDbOutboxStorage,
  isRealtimeError,
  RealtimeError,
  type OutboxStorage,
} from 'ngx-realtime/core';
import { RealtimeFeatureKind, type RealtimeFeature } from './provide-realtime';
import { REALTIME_PERSISTENT_OUTBOX, type PersistentOutboxSettings } from './realtime-config';

/** Options of {@link withPersistentOutbox}. */
export interface PersistentOutboxOptions {
  /** How long a persisted message stays sendable (default 24 h); older ones are dropped on load. */
  readonly ttlMs?: number;
  /** IndexedDB database of the default storage (default `ngx-realtime`). */
  readonly databaseName?: string;
  /** IndexedDB object store of the default storage (default `outbox`). */
  readonly storeName?: string;
  /**
   * Makes another storage instead of IndexedDB. Runs in an injection context (it may call
   * `inject()`), in the browser only.
   */
  readonly storage?: () => OutboxStorage;
}

/**
 * Keeps queued sends across page reloads: messages sent while offline are stored (IndexedDB
 * by default) and go out once on the next connect, in order, ahead of the new page's sends.
 * Acknowledged sends still waiting when the page ends go out as plain messages with their id.
 * On the server (SSR) nothing is stored. Where IndexedDB is missing, the outbox stays in
 * memory and `errors` reports one `storage_failed` (its cause: `unavailable`).
 *
 * @example
 * provideRealtime({ url: 'wss://api.example.com/ws' }, withPersistentOutbox({ ttlMs: 3_600_000 }));
 */
export function withPersistentOutbox(
  options: PersistentOutboxOptions = {},
): RealtimeFeature<RealtimeFeatureKind.PersistentOutbox> {
  return {
    kind: RealtimeFeatureKind.PersistentOutbox,
    providers: [{ provide: REALTIME_PERSISTENT_OUTBOX, useFactory: () => resolve(options) }],
    settings: { ttlMs: options.ttlMs },
  };
}

function resolve(options: PersistentOutboxOptions): PersistentOutboxSettings {
  const { ttlMs } = options;
  if (!isPlatformBrowser(inject(PLATFORM_ID))) return { storage: null, ttlMs };
  if (options.storage !== undefined) return { storage: options.storage(), ttlMs };
  try {
    const { databaseName, storeName } = options;
    return { storage: indexedDbOutboxStorage({ databaseName, storeName }), ttlMs };
  } catch (error) {
    if (!isRealtimeError(error, 'unavailable')) throw error;
    return { storage: unavailableStorage(error), ttlMs };
  }
}

/**
 * Stands in where IndexedDB is missing: the engine's first load fails (reported once as
 * `storage_failed`), and saves and deletes quietly do nothing.
 */
function unavailableStorage(error: RealtimeError): OutboxStorage {
  return {
    load: () => Promise.reject(error),
    add: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    clear: () => Promise.resolve(),
  };
}
