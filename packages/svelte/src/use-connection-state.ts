/** `useConnectionState`: the subscriber's connection state as a store. */
import type { ConnectionState } from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { whileMounted } from './while-mounted.js';

/**
 * A store of the subscriber's connection state, kept current while the component is mounted. It is
 * `idle` on the server and until the first subscription opens the connection.
 */
export function useConnectionState(): Readable<ConnectionState> {
  const state = writable<ConnectionState>('idle');
  let stop = () => {};
  whileMounted([], (subscriber) => {
    stop();
    state.set(subscriber?.state ?? 'idle');
    stop = subscriber?.onStateChange((change) => state.set(change.current)) ?? (() => {});
  });
  return { subscribe: state.subscribe };
}
