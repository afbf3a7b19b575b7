/** `useConnectionState`: the subscriber's connection state as a store. */
import type { ConnectionState } from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { followWhileMounted } from './mounted-subscription.js';
import { getSwitchboard } from './switchboard-context.js';

/**
 * A store of the subscriber's connection state, kept current while the component is mounted. It is
 * `idle` on the server and until the first subscription opens the connection.
 */
export function useConnectionState(): Readable<ConnectionState> {
  const context = getSwitchboard();
  const state = writable<ConnectionState>('idle');
  followWhileMounted(
    context,
    [context.subscriber],
    (values) => values,
    ([subscriber]) => {
      state.set(subscriber ? subscriber.state : 'idle');
      return subscriber?.onStateChange((change) => state.set(change.current));
    },
  );
  return { subscribe: state.subscribe };
}
