/** `useConnectionState`: the subscriber's connection state as a ref. */
import type { ConnectionState } from '@switchboard/core/client';
import { type ShallowRef, shallowRef } from 'vue';
import { watchWhileMounted } from './mounted-watch.js';
import { injectSwitchboard } from './switchboard-context.js';

/**
 * The subscriber's connection state, kept current while the component is mounted. It is `idle` on
 * the server and until the first subscription opens the connection.
 */
export function useConnectionState(): Readonly<ShallowRef<ConnectionState>> {
  const context = injectSwitchboard();
  const state = shallowRef<ConnectionState>('idle');
  watchWhileMounted(context, [() => context.subscriber.value], ([subscriber]) => {
    state.value = subscriber ? subscriber.state : 'idle';
    return subscriber?.onStateChange((change) => {
      state.value = change.current;
    });
  });
  return state;
}
