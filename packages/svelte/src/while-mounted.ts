/**
 * Runs a binding's update from mount to destroy with the latest values of its input stores, and
 * releases it on destroy. Svelte never mounts during server rendering, so nothing subscribes there.
 */
import type { RealtimeSubscriber } from '@switchboard/core/client';
import { onMount } from 'svelte';
import { derived, type Readable } from 'svelte/store';
import { getSwitchboard } from './switchboard-context.js';

/** Calls `update` with the subscriber and the inputs' values while mounted, and `update()` on destroy. */
export function whileMounted<T extends unknown[]>(
  inputs: { [K in keyof T]: Readable<T[K]> },
  update: (subscriber?: RealtimeSubscriber, ...values: T) => void,
): void {
  const context = getSwitchboard();
  onMount(() => {
    context.activate();
    const stop = derived([context.subscriber, ...(inputs as Readable<unknown>[])], (values) => values).subscribe((values) =>
      update(...(values as [RealtimeSubscriber, ...T])),
    );
    return () => {
      stop();
      (update as () => void)();
    };
  });
}
