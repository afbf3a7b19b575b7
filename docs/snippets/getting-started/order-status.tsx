// order-status.tsx — the same page in React, bundled as public/browser.js instead of browser.ts.
import { RealtimeProvider, useConnectionState, useEvent } from '@switchboard/react';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { orderUpdates } from './contract.js';

// This demo signs in with a header (see session.ts): open /?user=42&order=A-1001.
const query = new URLSearchParams(location.search);
const userId = query.get('user') ?? '42';

const realtime = {
  authEndpoint: '/api/realtime',
  authHeaders: () => ({ 'x-demo-user': userId }),
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
};

function OrderStatus({ userId, orderId }: { userId: string; orderId: string }) {
  const [status, setStatus] = useState('placed');
  const connection = useConnectionState();
  const subscription = useEvent(orderUpdates({ userId }), 'order:updated', (order) => {
    if (order.orderId === orderId) setStatus(order.status);
  });
  return (
    <>
      <p>
        Connection: <span id="connection">{connection}</span>
      </p>
      <p id="orders">
        {subscription.error
          ? `Live updates unavailable: ${subscription.error.message}`
          : subscription.status === 'subscribed'
            ? `Order ${orderId} is ${status}`
            : 'Subscribing…'}
      </p>
    </>
  );
}

createRoot(document.querySelector('main') as HTMLElement).render(
  <RealtimeProvider options={realtime}>
    <OrderStatus userId={userId} orderId={query.get('order') ?? 'A-1001'} />
  </RealtimeProvider>,
);
