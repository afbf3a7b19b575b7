import type { Redis } from 'ioredis';

/** Remembers request nonces for as long as their timestamps are acceptable, to refuse replays. */
export interface ReplayGuard {
  /** True the first time a nonce is seen within the window. */
  firstSeen(nonce: string): Promise<boolean>;
}

/** One hub's memory of nonces. */
export function memoryReplayGuard(windowMs: number): ReplayGuard {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  return {
    async firstSeen(nonce) {
      const now = Date.now();
      if (now >= nextSweep) {
        for (const [key, expiresAt] of seen) if (expiresAt <= now) seen.delete(key);
        nextSweep = now + Math.min(windowMs, 60_000);
      }
      if ((seen.get(nonce) ?? 0) > now) return false;
      seen.set(nonce, now + windowMs);
      return true;
    },
  };
}

/** Nonces shared by every hub through Redis, so a request replayed to another hub is refused too. */
export function redisReplayGuard(redis: Redis, windowMs: number, fallback: ReplayGuard): ReplayGuard {
  return {
    async firstSeen(nonce) {
      try {
        return (await redis.set(`switchboard:nonce:${nonce}`, '1', 'PX', Math.max(1, Math.ceil(windowMs)), 'NX')) === 'OK';
      } catch {
        // Redis is down: this hub's memory still refuses replays made to it.
        return fallback.firstSeen(nonce);
      }
    },
  };
}
