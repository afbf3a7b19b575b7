// order-status.ts — the same in Svelte: call it while a component initialises; getters that read
// props or `$state` are followed, so a new `userId` moves to that user's channel.
import { useConnectionState, useEvent } from '@switchboard/svelte';
import { writable } from 'svelte/store';
import { orderUpdates } from '../getting-started/contract.js';

export function orderStatus(userId: () => string, orderId: () => string) {
  const status = writable('placed');
  const connection = useConnectionState();
  const subscription = useEvent(
    () => orderUpdates({ userId: userId() }),
    'order:updated',
    (order) => {
      if (order.orderId === orderId()) status.set(order.status);
    },
  );
  return { status, connection, subscription };
}
