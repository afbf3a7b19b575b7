/**
 * Runs a binding's update from mount to unmount, again whenever a reactive value it read changes,
 * and releases it on unmount. Vue never mounts during server rendering, so nothing subscribes there.
 */
import type { RealtimeSubscriber } from '@switchboard/core/client';
import { onMounted, onUnmounted, watchEffect } from 'vue';
import { injectSwitchboard } from './switchboard-context.js';

/** Calls `update` with the subscriber while mounted (tracking what it reads) and `update()` on unmount. */
export function whileMounted(update: (subscriber?: RealtimeSubscriber) => void): void {
  const context = injectSwitchboard();
  let stop: (() => void) | undefined;
  onMounted(() => {
    context.activate();
    stop = watchEffect(() => update(context.subscriber.value));
  });
  onUnmounted(() => {
    stop?.();
    update();
  });
}
