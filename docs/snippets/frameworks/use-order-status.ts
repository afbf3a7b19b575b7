// use-order-status.ts — a composable over useEvent: follows the order while the component is mounted,
// and moves to the other user's channel when `userId` changes.
import { useConnectionState, useEvent } from '@switchboard/vue';
import { type MaybeRefOrGetter, ref, toValue } from 'vue';
import { orderUpdates } from '../getting-started/contract.js';

export function useOrderStatus(userId: MaybeRefOrGetter<string>, orderId: MaybeRefOrGetter<string>) {
  const status = ref('placed');
  const connection = useConnectionState();
  const subscription = useEvent(
    () => orderUpdates({ userId: toValue(userId) }),
    'order:updated',
    (order) => {
      if (order.orderId === toValue(orderId)) status.value = order.status;
    },
  );
  return { status, connection, subscription };
}
