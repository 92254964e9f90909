/** Told when a channel enters or leaves a {@link ChannelSet}. */
export type ChannelChange = (channel: string, joined: boolean) => void;

/**
 * The channels a user wants: a plain `Set` that reports real changes to an observer. In a
 * cluster the hub observes it to share memberships through the backplane, so the features
 * that add and drop channels need not know whether they run alone or in a cluster.
 */
export class ChannelSet extends Set<string> {
  /** The observer (`null` while alone: nothing to tell). */
  observer: ChannelChange | null = null;

  override add(channel: string): this {
    if (!this.has(channel)) {
      super.add(channel);
      this.observer?.(channel, true);
    }
    return this;
  }

  override delete(channel: string): boolean {
    const removed = super.delete(channel);
    if (removed) this.observer?.(channel, false);
    return removed;
  }

  /** Applies a change another instance made, without reporting it back. */
  applyRemote(channel: string, joined: boolean): void {
    if (joined) super.add(channel);
    else super.delete(channel);
  }
}
