/**
 * Reference counts per channel: the first listener of a channel joins it on the server and
 * the last one to leave releases it. The registry is the source of truth for "which channels
 * must be subscribed again after a reconnect".
 */
export class ChannelRegistry {
  private readonly counts = new Map<string, number>();

  /** Adds a listener; true when it is the channel's first (a subscribe frame is due). */
  acquire(channel: string): boolean {
    const count = this.counts.get(channel) ?? 0;
    this.counts.set(channel, count + 1);
    return count === 0;
  }

  /** Removes a listener; true when it was the last one (an unsubscribe frame is due). */
  release(channel: string): boolean {
    const count = this.counts.get(channel);
    if (count === undefined) return false;
    if (count > 1) {
      this.counts.set(channel, count - 1);
      return false;
    }
    this.counts.delete(channel);
    return true;
  }

  /** Drops the channel whatever its count; true when it was active. */
  remove(channel: string): boolean {
    return this.counts.delete(channel);
  }

  /** Active channels, in the order they were first joined. */
  active(): string[] {
    return [...this.counts.keys()];
  }
}
