/**
 * Runs a watcher only between mount and unmount, so nothing subscribes during server rendering
 * (Vue never mounts there) and everything is released when the component goes away.
 */
import { onMounted, onUnmounted, type WatchSource, watch } from 'vue';
import type { SwitchboardContext } from './switchboard-context.js';

/**
 * Watches `sources` from mount to unmount (immediately on mount), calling `start` with their values;
 * the function `start` returns runs before the next call and on unmount.
 */
export function watchWhileMounted<T extends readonly unknown[]>(
  context: SwitchboardContext,
  sources: { [K in keyof T]: WatchSource<T[K]> },
  start: (values: T) => (() => void) | undefined,
): void {
  let stopWatching: (() => void) | undefined;
  onMounted(() => {
    context.activate();
    stopWatching = watch(
      sources as unknown as WatchSource<unknown>[],
      (values, _previous, onCleanup) => {
        const stop = start(values as unknown as T);
        if (stop) onCleanup(stop);
      },
      { immediate: true },
    );
  });
  onUnmounted(() => stopWatching?.());
}
