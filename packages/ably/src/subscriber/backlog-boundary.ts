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
export interface AblyClockLag {
  /** A live message stamped `timestamp` by Ably arrived at local time `arrivedAt`. */
  observe(arrivedAt: number, timestamp: number): void;
  /** The estimate; 0 (the clocks agree) before any live message arrived. */
  current(): number;
}

export function createClockLag(): AblyClockLag {
  const lags: number[] = [];
  return {
    observe(arrivedAt, timestamp) {
      if (lags.push(arrivedAt - timestamp) > LAG_SAMPLES) lags.shift();
    },
    current: () => (lags.length > 0 ? Math.min(...lags) : 0),
  };
}

/** Where the backlog of one attach ends; see the module comment. */
export interface BacklogBoundary {
  /** An attach confirmed with a backlog to follow: replays until the first live message. */
  opened(): void;
  /** Continuity is gone (a gap was reported): nothing that follows is a replay of this attach. */
  closed(): void;
  /**
   * Whether a message (by Ably's timestamp) belongs to the open backlog. Ably keeps a channel's order,
   * so the first live message ends the backlog for good.
   */
  isReplay(timestamp: number | undefined): boolean;
}

export function createBacklogBoundary(clock: AblyClockLag, now: () => number = Date.now): BacklogBoundary {
  /** End of the open backlog on Ably's clock: earlier messages are replays. */
  let replayBefore: number | undefined;
  return {
    opened() {
      replayBefore = now() - clock.current();
    },
    closed() {
      replayBefore = undefined;
    },
    isReplay(timestamp) {
      const arrivedAt = now();
      if (replayBefore !== undefined && timestamp !== undefined && timestamp < replayBefore) return true;
      replayBefore = undefined;
      if (timestamp !== undefined) clock.observe(arrivedAt, timestamp);
      return false;
    },
  };
}
