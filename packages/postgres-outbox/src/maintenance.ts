/**
 * The outbox's background ticks, once it holds rows: renew this process's leases (every third of
 * the lease), settle owed writes, and delete sent rows past their retention (every `pruneEveryMs`).
 * Started lazily, never in a constructor; timers are unref'd so they never keep a process alive.
 */

export interface MaintenanceTasks {
  /** Runs every `tickMs`: lease renewal and owed writes. */
  tick(): Promise<void>;
  /** Runs at most every `pruneEveryMs`. */
  prune(): Promise<unknown>;
  onError(error: unknown): void;
}

export interface Maintenance {
  /** Starts the ticks (idempotent). */
  start(): void;
  stop(): void;
}

export function createMaintenance(tasks: MaintenanceTasks, tickMs: number, pruneEveryMs: number): Maintenance {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  let stopped = false;
  let prunedAt = 0;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await tasks.tick();
      if (Date.now() - prunedAt >= pruneEveryMs) {
        prunedAt = Date.now();
        await tasks.prune();
      }
    } catch (error) {
      tasks.onError(error);
    } finally {
      running = false;
    }
  };
  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void run(), tickMs);
      (timer as { unref?: () => void }).unref?.();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
