import type { Schedule } from './timers';

/** Most message ids in one `read_receipt` frame (the reference server refuses more than 500). */
export const MAX_IDS_PER_RECEIPT = 500;
/** Ids waiting per conversation; beyond it the batch goes out at once. */
const MAX_PENDING_IDS = 5_000;

/**
 * Coalesces `markRead` calls: every id marked within `windowMs` of the first goes out as one
 * `read_receipt` per conversation (split in frames of at most 500 ids), instead of a frame per
 * message as a list scrolls into view.
 */
export class ReceiptBatcher {
  private readonly pending = new Map<string, Set<string>>();
  private cancelFlush: (() => void) | null = null;

  constructor(
    private readonly emit: (conversationId: string, messageIds: readonly string[]) => void,
    private readonly schedule: Schedule,
    private readonly windowMs: number,
  ) {}

  add(conversationId: string, messageIds: readonly string[]): void {
    if (messageIds.length === 0) return;
    let ids = this.pending.get(conversationId);
    if (ids === undefined) {
      ids = new Set();
      this.pending.set(conversationId, ids);
    }
    for (const id of messageIds) ids.add(id);
    if (ids.size >= MAX_PENDING_IDS) return this.flush();
    this.cancelFlush ??= this.schedule(() => this.flush(), this.windowMs);
  }

  /** Sends everything pending now. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [conversationId, ids] of batches) {
      const all = [...ids];
      for (let start = 0; start < all.length; start += MAX_IDS_PER_RECEIPT)
        this.emit(conversationId, all.slice(start, start + MAX_IDS_PER_RECEIPT));
    }
  }

  /** Drops everything pending unsent (receipts were turned off, or the service ends). */
  clear(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.pending.clear();
  }
}
