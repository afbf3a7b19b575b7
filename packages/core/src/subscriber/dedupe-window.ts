/**
 * The ids a channel saw recently, to drop a message delivered twice (a retried publish, a replay
 * after reconnect). A Set keeps insertion order, so its first ids are the oldest. It grows to twice
 * the window, then drops its oldest ids down to `window` in one pass: the last `window` ids are
 * always remembered and memory stays bounded. (Dropping the oldest id one message at a time took an
 * iterator per message and slowed down as deleted slots piled up at the front of the set.)
 */

/**
 * False when `id` is in `seen`; otherwise remembers it. A window below one remembers none; NaN
 * never forgets.
 */
export function rememberId(seen: Set<string>, id: string, window: number): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  if (seen.size > 2 * window) for (const old of seen) if (seen.size > window) seen.delete(old);
  return true;
}
