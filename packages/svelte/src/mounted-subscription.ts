/**
 * Follows stores from mount to destroy, so nothing subscribes during server rendering (Svelte never
 * mounts there) and everything is released when the component goes away.
 */
import { onMount } from 'svelte';
import { derived, type Readable } from 'svelte/store';
import type { SwitchboardContext } from './switchboard-context.js';

/**
 * While mounted, calls `start` whenever `key` of the latest store values changes; the function
 * `start` returned runs before the next start and on destroy.
 */
export function followWhileMounted<T extends readonly unknown[]>(
  context: SwitchboardContext,
  stores: { [K in keyof T]: Readable<T[K]> },
  key: (values: T) => readonly unknown[],
  start: (values: T) => (() => void) | undefined,
): void {
  onMount(() => {
    context.activate();
    let previous: readonly unknown[] | undefined;
    let stop: (() => void) | undefined;
    const values = derived(stores as unknown as Readable<unknown>[], (latest) => latest as unknown as T);
    const unsubscribe = values.subscribe((latest) => {
      const next = key(latest);
      if (previous && next.length === previous.length && next.every((item, index) => Object.is(item, previous?.[index]))) return;
      previous = next;
      stop?.();
      stop = start(latest);
    });
    return () => {
      unsubscribe();
      stop?.();
    };
  });
}
