import type { ServerEnvelope } from './envelope';

/** What a catch-up request gets back. */
export interface MissedEvents {
  readonly messages: readonly ServerEnvelope[];
  /** False when the log no longer holds the whole range asked for (or the epoch changed). */
  readonly complete: boolean;
  readonly epoch: string;
  readonly last_sequence: number;
}

/**
 * One user's event log: a strictly increasing sequence number per event and a bounded ring of
 * the most recent events, which answers `get_missed_messages` and `/poll/missed`.
 */
export class EventLog {
  private readonly events: ServerEnvelope[] = [];
  private seq = 0;

  constructor(
    private readonly capacity: number,
    readonly epoch: string,
  ) {}

  /** Highest sequence number handed out (0 before the first event). */
  get latest(): number {
    return this.seq;
  }

  /** Stamps the next sequence number on `event` and keeps it. */
  append(event: ServerEnvelope): ServerEnvelope {
    const stamped = { ...event, seq: ++this.seq };
    this.events.push(stamped);
    if (this.events.length > this.capacity) this.events.shift();
    return stamped;
  }

  /**
   * Cluster mirror: keeps an event another instance (or the store) already numbered. Returns
   * false when it is not news (at or below the newest kept, or already held).
   */
  adopt(event: ServerEnvelope): boolean {
    const seq = event.seq ?? 0;
    if (seq <= this.seq) return false;
    this.seq = seq;
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
    return true;
  }

  /**
   * Cluster mirror: folds in the log as the shared store holds it (events announced while it
   * was read may be here already; each sequence number is kept once, in order).
   */
  merge(latest: number, stored: readonly ServerEnvelope[]): void {
    const bySeq = new Map<number, ServerEnvelope>();
    for (const event of [...stored, ...this.events]) bySeq.set(event.seq ?? 0, event);
    const merged = [...bySeq.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    this.events.splice(0, this.events.length, ...merged.slice(-this.capacity));
    this.seq = Math.max(this.seq, latest);
  }

  /**
   * Events after `lastSequence`. Incomplete when events between were already dropped, when
   * the client is ahead of this log (a restart began a new epoch) or names another epoch.
   */
  since(lastSequence: number, epoch?: string): MissedEvents {
    const otherEpoch = epoch !== undefined && epoch !== this.epoch;
    const from = otherEpoch || lastSequence > this.seq ? 0 : Math.max(0, lastSequence);
    const messages = this.events.filter((event) => (event.seq ?? 0) > from);
    const oldest = this.events[0]?.seq ?? this.seq + 1;
    const complete = !otherEpoch && lastSequence <= this.seq && oldest <= from + 1;
    return { messages, complete, epoch: this.epoch, last_sequence: this.seq };
  }

  /** Events after a poll cursor (the cursor is a sequence number). */
  after(cursor: number): ServerEnvelope[] {
    return this.events.filter((event) => (event.seq ?? 0) > cursor);
  }
}
