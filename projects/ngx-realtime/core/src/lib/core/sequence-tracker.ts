import type { RealtimeMessage } from '../protocol/message';

/** How many recent event ids are remembered for deduplication. */
const REMEMBERED_IDS = 2048;

/**
 * Drops events already delivered: by id (a bounded memory of recent ids) and by sequence
 * number (anything at or below the highest `seq` delivered was delivered or replayed
 * already). Remembers the highest `seq`, which is where a catch-up starts.
 */
export class SequenceTracker {
  private last: number | null = null;
  private readonly seen = new Set<string>();
  /**
   * The remembered ids in arrival order, reused as a ring once full. Grows as events arrive
   * rather than reserving every slot up front: 2,048 empty slots were most of a client's
   * memory before its first event (bench/memory).
   */
  private readonly ring: string[] = [];
  private next = 0;

  /** Highest sequence number accepted, or `null` when the server sends none. */
  get lastSequence(): number | null {
    return this.last;
  }

  /**
   * Moves the sequence position: to where the server says a fresh connection stands, or
   * back to `null` when the server's numbering restarted (its events must not be mistaken
   * for duplicates). Remembered ids still catch true duplicates.
   */
  rebase(lastSequence: number | null): void {
    this.last = lastSequence;
  }

  /** True when `message` is new (and records it); false for a duplicate. */
  accept(message: RealtimeMessage): boolean {
    if (this.seen.has(message.id)) return false;
    const seq = message.seq;
    if (seq !== undefined) {
      if (this.last !== null && seq <= this.last) return false;
      this.last = seq;
    }
    this.remember(message.id);
    return true;
  }

  /**
   * Like {@link accept}, by id only: for an event numbered by a server run that has since
   * restarted, whose `seq` says nothing about the new run's numbering.
   */
  acceptUnnumbered(message: RealtimeMessage): boolean {
    if (this.seen.has(message.id)) return false;
    this.remember(message.id);
    return true;
  }

  private remember(id: string): void {
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % REMEMBERED_IDS;
    this.seen.add(id);
  }
}
