// realtime.ts — the app's realtime module in React Native (Expo). Only the client entry and the
// provider modules are imported; the server names the provider, and its adapter loads on first use.
import { createSubscriber } from '@switchboard/core/client';
import { orderUpdates } from '../getting-started/contract.js';

const API = 'https://api.example.com'; // no `location` in React Native: URLs are absolute

export const subscriber = createSubscriber({
  authEndpoint: `${API}/api/realtime`,
  // The app's own session token; cookies are not shared with React Native's fetch the way a page's are.
  authHeaders: async () => ({ authorization: `Bearer ${await sessionToken()}` }),
  // List only the providers the server may choose: Metro bundles each one it sees.
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
});

export function watchOrders(userId: string, onShipped: (orderId: string) => void): () => void {
  const subscription = subscriber.subscribe(orderUpdates({ userId }), 'order:updated', (order) => {
    if (order.status === 'shipped') onShipped(order.orderId);
  });
  return () => subscription.unsubscribe();
}

async function sessionToken(): Promise<string> {
  return 'token-from-secure-storage';
}
