// browser.ts — the frontend asks /api/realtime which provider to use and loads only that adapter.
import { createSubscriber } from '@switchboard/core/client';
import { orderUpdates } from './contract.js';

export const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
});

export function showOrderUpdates(userId: string, show: (text: string) => void): () => void {
  const subscription = realtime.subscribe(orderUpdates({ userId }), 'order:updated', (order, meta) => {
    show(`Order ${order.orderId} is ${order.status}${meta.recovered ? ' (caught up after a reconnect)' : ''}`);
  });
  subscription.ready.catch((error: Error) => show(`Live updates unavailable: ${error.message}`));
  return () => subscription.unsubscribe();
}
