/**
 * Tells a backlog Ably replays after an attach from the live messages that follow it. Ably flags
 * where a backlog starts (an ATTACHED with HAS_BACKLOG: a resume's replay, or a rewind) but not where
 * it ends, so the boundary is the moment Ably confirmed the attach: a backlog message was published
 * before it, a live one after. Messages carry Ably's timestamp, so that moment is wanted on Ably's
 * clock, not the local one: the local clock of a browser or phone can be minutes off. The offset is
 * read off live messages (arrival time minus Ably's timestamp; the smallest recent one is the clock
 * offset plus the shortest transit), which leaves an error of about one transit's jitter. Before
 * any live message arrived on the connection, the local clock stands in for Ably's.
 */

/** Live arrivals whose lag is remembered for the clock estimate. */
const LAG_SAMPLES = 64;

/**
 * The local clock minus Ably's, plus the shortest recent transit, learned from live messages on every
 * channel of one connection (the offset belongs to the connection, so a channel attached with a
 * rewind uses what other channels already taught it).
 */
export class AblyClockLag {
  private readonly lags: number[] = [];

  /** A live message stamped `timestamp` by Ably arrived at local time `arrivedAt`. */
  observe(arrivedAt: number, timestamp: number): void {
    this.lags.push(arrivedAt - timestamp);
    if (this.lags.length > LAG_SAMPLES) this.lags.shift();
  }

  /** The estimate; 0 (the clocks agree) before any live message arrived. */
  current(): number {
    return this.lags.length > 0 ? Math.min(...this.lags) : 0;
  }
}

export class BacklogBoundary {
  /** End of the open backlog on Ably's clock: earlier messages are replays. */
  private replayBefore: number | undefined;

  constructor(
    private readonly clock: AblyClockLag,
    private readonly now: () => number = Date.now,
  ) {}

  /** An attach confirmed with a backlog to follow: replays until the first live message. */
  opened(): void {
    this.replayBefore = this.now() - this.clock.current();
  }

  /** Continuity is gone (a gap was reported): nothing that follows is a replay of this attach. */
  closed(): void {
    this.replayBefore = undefined;
  }

  /**
   * Whether a message (by Ably's timestamp) belongs to the open backlog. Ably keeps a channel's order,
   * so the first live message ends the backlog for good.
   */
  isReplay(timestamp: number | undefined): boolean {
    const arrivedAt = this.now();
    if (this.replayBefore !== undefined && timestamp !== undefined && timestamp < this.replayBefore) return true;
    this.replayBefore = undefined;
    if (timestamp !== undefined) this.clock.observe(arrivedAt, timestamp);
    return false;
  }
}
