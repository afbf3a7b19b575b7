/**
 * The ids a channel saw recently, to drop a message delivered twice (a retried publish, a replay
 * after reconnect). A set for lookups plus a ring of the last `capacity` ids, so memory stays bounded.
 */
export class DedupeWindow {
  readonly #seen = new Set<string>();
  /** Ids in `seen`, oldest first until the ring is full, then a ring with its next slot at `next`. */
  readonly #order: string[] = [];
  #next = 0;
  readonly #capacity: number;

  /** `window` ids are remembered; a negative window remembers none, NaN never forgets. */
  constructor(window: number) {
    this.#capacity = Number.isNaN(window) ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(window));
  }

  /** False when the id was seen recently; otherwise remembers it (forgetting the oldest when full). */
  remember(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#order.length < this.#capacity) {
      this.#order.push(id);
    } else if (this.#capacity === 0) {
      this.#seen.delete(id);
    } else {
      // The ring is full: the oldest id sits where the next one goes.
      this.#seen.delete(this.#order[this.#next] as string);
      this.#order[this.#next] = id;
      this.#next = (this.#next + 1) % this.#capacity;
    }
    return true;
  }

  /** Forgets an id, so a valid copy of a message that failed validation is still delivered. */
  forget(id: string): void {
    this.#seen.delete(id);
  }
}
