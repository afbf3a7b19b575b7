/** One attempt at a {@link createSlidingWindow} limit: taken, or refused with when to try again. */
export type SlidingWindowSlot =
  | {
      /** A slot was free and is now taken. */
      ok: true;
    }
  | {
      /** Every slot of the last second is taken. */
      ok: false;
      /** Milliseconds until the oldest slot frees. */
      retryAfterMs: number;
    };

/** A rate limit made by {@link createSlidingWindow}. */
export interface SlidingWindow {
  /** Takes one slot, or answers how many ms until one is free. */
  take(): SlidingWindowSlot;
}

/** A per-connection rate limit: at most `perSecond` events in any one second (a sliding window, as Pusher counts). */
export function createSlidingWindow(perSecond: number, now: () => number = Date.now): SlidingWindow {
  let times: number[] = [];
  return {
    take() {
      const at = now();
      times = times.filter((time) => at - time < 1000);
      if (times.length >= perSecond) return { ok: false, retryAfterMs: Math.max(1, 1000 - (at - (times[0] as number))) };
      times.push(at);
      return { ok: true };
    },
  };
}
