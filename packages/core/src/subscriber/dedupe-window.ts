/**
 * The ids a channel saw recently, to drop a message delivered twice (a retried publish, a replay
 * after reconnect). A Set keeps insertion order, so its first id is the oldest: memory stays bounded
 * by forgetting it once the window is full.
 */

/**
 * False when `id` is in `seen`; otherwise remembers it, forgetting the oldest beyond `window` ids.
 * A window below one remembers none; NaN never forgets.
 */
export function rememberId(seen: Set<string>, id: string, window: number): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  if (seen.size > window) seen.delete(seen.values().next().value as string);
  return true;
}
