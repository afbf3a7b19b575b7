/** `useConnectionState`: the subscriber's connection state as a ref. */
import type { ConnectionState } from '@switchboard/core/client';
import { type ShallowRef, shallowRef } from 'vue';
import { whileMounted } from './while-mounted.js';

/**
 * The subscriber's connection state, kept current while the component is mounted. It is `idle` on
 * the server and until the first subscription opens the connection.
 */
export function useConnectionState(): Readonly<ShallowRef<ConnectionState>> {
  const state = shallowRef<ConnectionState>('idle');
  let stop = () => {};
  whileMounted((subscriber) => {
    stop();
    state.value = subscriber?.state ?? 'idle';
    stop = subscriber?.onStateChange((change) => (state.value = change.current)) ?? (() => {});
  });
  return state;
}
