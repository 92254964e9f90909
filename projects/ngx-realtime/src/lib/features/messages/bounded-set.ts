/**
 * A set of strings that forgets its oldest entries beyond `cap`: remembers which message
 * ids were already seen, so a replayed or duplicated event is not counted twice, without
 * growing for ever.
 */
export class BoundedSet {
  private readonly entries = new Set<string>();

  constructor(private readonly cap: number) {}

  has(value: string): boolean {
    return this.entries.has(value);
  }

  add(value: string): void {
    this.entries.delete(value);
    this.entries.add(value);
    if (this.entries.size > this.cap)
      this.entries.delete(this.entries.values().next().value as string);
  }
}
