// browser.ts — the page asks /api/realtime which provider to use and loads only that adapter.
import { createSubscriber } from '@switchboard/core/client';
import { orderUpdates } from './contract.js';

// This demo signs in with a header (see session.ts): open /?user=42. Yours sends its cookie or token.
const userId = new URLSearchParams(location.search).get('user') ?? '42';

const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  authHeaders: () => ({ 'x-demo-user': userId }),
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
});

const connection = document.querySelector('#connection') as HTMLElement;
const orders = document.querySelector('#orders') as HTMLElement;
const show = (text: string) => orders.append(Object.assign(document.createElement('li'), { textContent: text }));

// Connection state: connecting, connected, reconnecting (with the reason), failed…
realtime.onStateChange(({ current, reason }) => {
  connection.textContent = reason ? `${current}: ${reason.message}` : current;
});

const subscription = realtime.subscribe(orderUpdates({ userId }), 'order:updated', (order, meta) => {
  show(`Order ${order.orderId} is ${order.status}${meta.recovered ? ' (caught up after a reconnect)' : ''}`);
});
subscription.ready.then(
  () => show(`Listening to the orders of user ${userId}`),
  (error: Error) => show(`Live updates unavailable: ${error.message}`),
);
