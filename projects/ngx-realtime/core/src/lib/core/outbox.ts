import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';

/**
 * What happens when a send arrives and the outbox is full:
 * - `reject-newest` (default): that send fails at once with `outbox_full`; queued messages
 *   keep their place.
 * - `drop-oldest`: the oldest queued message is evicted and reported as `outbox_dropped`.
 */
export type OutboxOverflowPolicy = 'reject-newest' | 'drop-oldest';

/** Outbox settings. */
export interface OutboxOptions {
  /** Most messages held while offline (default 1000). */
  readonly limit: number;
  readonly overflow: OutboxOverflowPolicy;
}

/** The defaults of {@link OutboxOptions}. */
export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { limit: 1000, overflow: 'reject-newest' };

/** A queued message and how to tell its sender that it will never go out. */
export interface OutboxEntry {
  readonly message: StampedMessage;
  /** The message already encoded by the protocol. */
  readonly frame: string;
  /** Called when the entry is evicted by the overflow policy. */
  readonly onDropped?: (error: RealtimeError) => void;
}

/**
 * The ordered, bounded queue of messages sent while no transport could take them. Flushed
 * in order once the connection is up and subscriptions are restored.
 */
export class Outbox {
  readonly options: OutboxOptions;
  private entries: OutboxEntry[] = [];

  constructor(options: Partial<OutboxOptions> = {}) {
    this.options = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
    if (!(Number.isInteger(this.options.limit) && this.options.limit >= 0)) {
      throw new RealtimeError('invalid_config', 'outbox.limit must be a non-negative integer');
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Queues `entry`. With `reject-newest` a full outbox throws `outbox_full`; with
   * `drop-oldest` the evicted entry is returned (already told through `onDropped`).
   */
  push(entry: OutboxEntry): OutboxEntry | null {
    if (this.entries.length < this.options.limit) {
      this.entries.push(entry);
      return null;
    }
    if (this.options.overflow === 'reject-newest' || this.options.limit === 0) {
      throw new RealtimeError(
        'outbox_full',
        `Outbox full (${this.options.limit} messages): send refused while offline`,
        { messageId: entry.message.id },
      );
    }
    const evicted = this.entries.shift() as OutboxEntry;
    this.entries.push(entry);
    evicted.onDropped?.(
      new RealtimeError('outbox_dropped', 'Outbox full: oldest queued message dropped', {
        messageId: evicted.message.id,
      }),
    );
    return evicted;
  }

  /** Takes the oldest queued entry. */
  shift(): OutboxEntry | undefined {
    return this.entries.shift();
  }

  /** Removes a queued message by id; true when it was still queued. */
  remove(id: string): boolean {
    const index = this.entries.findIndex((entry) => entry.message.id === id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }

  has(id: string): boolean {
    return this.entries.some((entry) => entry.message.id === id);
  }

  /** Takes every queued entry, oldest first, leaving the outbox empty. */
  drain(): OutboxEntry[] {
    const drained = this.entries;
    this.entries = [];
    return drained;
  }

  /** Puts entries back at the front (a flush was interrupted), keeping their order. */
  restore(entries: readonly OutboxEntry[]): void {
    this.entries = [...entries, ...this.entries];
  }
}
