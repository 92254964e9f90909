/**
 * A sliding one-second window: at most `limit` frames per second per connection (the spec's
 * 100 messages per second). Cheap: a ring of the last `limit` arrival times.
 */
export class RateLimiter {
  private readonly times: number[];
  private next = 0;

  constructor(private readonly limit: number) {
    this.times = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  }

  /** Records one frame at `now`; false when it is over the limit (and is not counted). */
  allow(now: number): boolean {
    if (this.limit <= 0) return false;
    if (now - this.times[this.next] < 1000) return false;
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}
