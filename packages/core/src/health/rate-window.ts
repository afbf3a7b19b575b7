/** A counter with a per-second rate over the last minute, kept in one-second buckets. */
const SECONDS = 60;

export class RateWindow {
  /** Everything counted since creation. */
  total = 0;
  private readonly buckets = new Array<number>(SECONDS).fill(0);
  private second: number;

  constructor(private readonly now: () => number = Date.now) {
    this.second = Math.floor(now() / 1000);
  }

  /** Counts `count` now. */
  add(count: number): void {
    if (count <= 0) return;
    this.advance();
    this.total += count;
    this.buckets[this.second % SECONDS] = (this.buckets[this.second % SECONDS] ?? 0) + count;
  }

  /** Average per second over the last minute. */
  perSecond(): number {
    this.advance();
    return this.buckets.reduce((sum, value) => sum + value, 0) / SECONDS;
  }

  private advance(): void {
    const current = Math.floor(this.now() / 1000);
    // Buckets of seconds that passed without counts are emptied, at most the whole window.
    for (let second = this.second + 1; second <= Math.min(current, this.second + SECONDS); second += 1) this.buckets[second % SECONDS] = 0;
    this.second = Math.max(this.second, current);
  }
}
