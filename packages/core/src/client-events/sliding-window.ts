/** A per-connection rate limit: at most `perSecond` events in any second (a sliding window, as Pusher counts). */
export function createSlidingWindow(perSecond: number, now: () => number = Date.now) {
  let times: number[] = [];
  return {
    /** Takes one slot, or answers how many ms until one is free. */
    take(): { ok: true } | { ok: false; retryAfterMs: number } {
      const at = now();
      times = times.filter((time) => at - time < 1000);
      if (times.length >= perSecond) return { ok: false, retryAfterMs: 1000 - (at - (times[0] as number)) };
      times.push(at);
      return { ok: true };
    },
  };
}
