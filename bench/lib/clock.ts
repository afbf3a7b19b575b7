/**
 * One clock for every measurement: the monotonic system clock in milliseconds. On Linux
 * `process.hrtime` reads CLOCK_MONOTONIC, which every process on the machine shares, so times taken
 * in a client process and in the hub process can be subtracted.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Resolves once `condition()` holds, checking after each turn of the event loop (a macrotask, so
 * socket reads get their turn). Rejects after `timeoutMs` naming `what`.
 */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  while (!condition()) {
    if (nowMs() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs the garbage collector when Node was started with --expose-gc; a no-op otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
