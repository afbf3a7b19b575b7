import type { ConnectionState, RealtimeSubscriber } from '@switchboard/core/client';
import { useCallback, useSyncExternalStore } from 'react';
import { useSubscriber } from './realtime-provider.js';

const serverSnapshot = (): ConnectionState => 'idle';
const noSubscription = () => () => {};

/**
 * The subscriber's connection state, re-rendering on every change. It is `idle` during server
 * rendering and hydration, and until the first subscription opens the connection.
 */
export function useConnectionState(): ConnectionState {
  const subscriber = useSubscriber();
  const subscribe = useCallback(
    (onChange: () => void) => (subscriber ? subscriber.onStateChange(onChange) : noSubscription()),
    [subscriber],
  );
  const snapshot = useCallback(() => stateOf(subscriber), [subscriber]);
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}

function stateOf(subscriber: RealtimeSubscriber | undefined): ConnectionState {
  return subscriber ? subscriber.state : 'idle';
}
