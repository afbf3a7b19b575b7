/** Small helpers for realtime tests: wait for a condition instead of sleeping. */

/**
 * Polls `predicate` until it returns a truthy value or `timeoutMs` passes.
 * @returns the truthy value
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      const suffix = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${suffix}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after `ms`; only for "nothing else arrives" checks, never to wait for readiness. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects values pushed by handlers, with a way to wait for a count. */
export class Collector<T> {
  /** Everything pushed so far, in order. */
  readonly items: T[] = [];
  /** Adds one value; bound, so pass it as a handler directly. */
  readonly push = (item: T): void => {
    this.items.push(item);
  };
  /** Waits until at least `count` values arrived, then returns them all. */
  async toHave(count: number, timeoutMs = 5000): Promise<T[]> {
    await waitFor(() => this.items.length >= count, timeoutMs, `${count} items (have ${this.items.length})`);
    return this.items;
  }
}
