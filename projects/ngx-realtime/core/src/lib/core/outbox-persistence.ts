import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';
import type { RealtimeClock } from './clock';
import type { OutboxStorage, PersistedOutboxEntry } from './outbox-storage';

/** Default time a persisted message stays sendable: 24 hours. */
export const DEFAULT_OUTBOX_TTL_MS = 24 * 60 * 60 * 1000;

/** Longest wait for the persisted outbox before this page's queued sends go out anyway. */
export const PERSISTED_LOAD_TIMEOUT_MS = 5_000;

/**
 * The engine's side of a persistent outbox: mirrors queued messages into an
 * {@link OutboxStorage} and reads back what an earlier page left. Every storage call is
 * fire-and-forget; a failure (a rejected promise or a throw) is reported as `storage_failed`
 * and never reaches `send()` or the in-memory outbox.
 */
export class OutboxPersistence {
  /** Ids this client knows to be stored: removals of anything else cost no storage call. */
  private readonly stored = new Set<string>();

  constructor(
    private readonly storage: OutboxStorage,
    private readonly ttlMs: number,
    private readonly clock: RealtimeClock,
    private readonly report: (error: RealtimeError) => void,
  ) {}

  /**
   * The entries an earlier page stored that are still within the TTL, oldest first. Expired
   * entries are reported as `outbox_expired` and deleted; unreadable ones are reported as
   * `storage_failed` and deleted. An id this page queued again before the load answered is
   * skipped: the record is this page's now. Never rejects: a failed load yields nothing.
   */
  async load(): Promise<PersistedOutboxEntry[]> {
    const ownedByThisPage = new Set(this.stored);
    let loaded: readonly unknown[];
    try {
      loaded = await this.storage.load();
    } catch (error) {
      this.report(failure('load', error));
      return [];
    }
    const now = this.clock.now();
    const live: PersistedOutboxEntry[] = [];
    for (const entry of loaded) {
      const id = idOf(entry);
      if (id !== undefined && ownedByThisPage.has(id)) continue;
      if (!isPersistedEntry(entry)) {
        this.report(failure('read', new Error('unreadable entry'), id));
        if (id !== undefined) this.call('remove', id, () => this.storage.remove(id));
        continue;
      }
      this.stored.add(entry.message.id);
      if (now - entry.enqueuedAt >= this.ttlMs) {
        this.report(
          new RealtimeError(
            'outbox_expired',
            `A message queued by an earlier page outlived the outbox TTL (${this.ttlMs} ms) and was dropped`,
            { messageId: entry.message.id, details: { enqueuedAt: entry.enqueuedAt } },
          ),
        );
        this.remove(entry.message.id);
      } else live.push(entry);
    }
    return live;
  }

  /** Stores a message that was just queued. */
  add(message: StampedMessage, frame: string): void {
    this.stored.add(message.id);
    const entry: PersistedOutboxEntry = { message, frame, enqueuedAt: this.clock.now() };
    this.call('save', message.id, () => this.storage.add(entry));
  }

  /** Deletes a stored message (written, acknowledged, withdrawn, evicted or expired). */
  remove(id: string): void {
    if (!this.stored.delete(id)) return;
    this.call('delete', id, () => this.storage.remove(id));
  }

  private call(operation: string, id: string, action: () => Promise<void>): void {
    let pending: Promise<void>;
    try {
      pending = action();
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.catch((error: unknown) => this.report(failure(operation, error, id)));
  }
}

function failure(operation: string, cause: unknown, messageId?: string): RealtimeError {
  return new RealtimeError(
    'storage_failed',
    `Outbox storage could not ${operation}${messageId === undefined ? '' : ' a message'}; the in-memory outbox carries on`,
    { messageId, cause },
  );
}

function idOf(value: unknown): string | undefined {
  const message = (value as { message?: { id?: unknown } } | null)?.message;
  return typeof message?.id === 'string' ? message.id : undefined;
}

/** Storage is outside the engine's control (another version, another app): check the shape. */
function isPersistedEntry(value: unknown): value is PersistedOutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { message, frame, enqueuedAt } = value as Record<string, unknown>;
  if (typeof frame !== 'string' || typeof enqueuedAt !== 'number' || !isFinite(enqueuedAt)) {
    return false;
  }
  if (typeof message !== 'object' || message === null) return false;
  const { id, type, payload, ackId } = message as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof type === 'string' &&
    typeof payload === 'object' &&
    payload !== null &&
    (ackId === undefined || typeof ackId === 'string')
  );
}
