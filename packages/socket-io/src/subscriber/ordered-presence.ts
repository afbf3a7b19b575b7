/**
 * Presence events are applied one macrotask later, in order. Core resets its roster from a members
 * snapshot in the microtasks after the reply resolves; an event the hub sent after that snapshot
 * can arrive in the same I/O batch and must not be applied before the reset wipes it. Applying an
 * older event after the snapshot is harmless: enter, leave and update are idempotent.
 */
export function createMacrotaskQueue() {
  const queue: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    push(apply: () => void): void {
      queue.push(apply);
      timer ??= setTimeout(() => {
        timer = undefined;
        for (const next of queue.splice(0)) next();
      }, 0);
    },
    clear(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      queue.length = 0;
    },
  };
}
