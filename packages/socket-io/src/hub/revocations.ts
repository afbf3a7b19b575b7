/**
 * Users the hub was told to disconnect (`hub.disconnectUser`). A token issued up to that moment is
 * refused from then on, at the handshake and at connection-state recovery, for as long as such a
 * token could still be valid; a token issued afterwards is the app's decision again (its auth
 * endpoint issues it, or not). With Redis every hub hears of it.
 */
export interface Revocations {
  /** Tokens of `userId` issued at or before `atSeconds` are refused. */
  revoke(userId: string, atSeconds: number): void;
  /** Whether a token of `userId` issued at `issuedAtSeconds` was revoked. */
  revoked(userId: string, issuedAtSeconds: number | undefined): boolean;
}

/** Keeps each revocation `keepMs` (longer than any token lives), at most `maxEntries` users. */
export function createRevocations(keepMs: number, maxEntries = 100_000): Revocations {
  const revokedAt = new Map<string, { atSeconds: number; until: number }>();
  const sweep = (now: number) => {
    for (const [userId, entry] of revokedAt) if (entry.until <= now) revokedAt.delete(userId);
  };
  return {
    revoke(userId, atSeconds) {
      const now = Date.now();
      if (revokedAt.size >= maxEntries) sweep(now);
      const previous = revokedAt.get(userId);
      revokedAt.delete(userId);
      revokedAt.set(userId, { atSeconds: Math.max(atSeconds, previous?.atSeconds ?? 0), until: now + keepMs });
      // Over the cap even after the sweep: the oldest revocation goes (its tokens have long expired in practice).
      if (revokedAt.size > maxEntries) revokedAt.delete(revokedAt.keys().next().value as string);
    },
    revoked(userId, issuedAtSeconds) {
      const entry = revokedAt.get(userId);
      if (!entry) return false;
      if (entry.until <= Date.now()) {
        revokedAt.delete(userId);
        return false;
      }
      return issuedAtSeconds === undefined || issuedAtSeconds <= entry.atSeconds;
    },
  };
}
