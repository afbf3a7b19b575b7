// order-status.tsx — the same subscription in React.
import { RealtimeProvider, useEvent } from '@switchboard/react';
import { useState } from 'react';
import { orderUpdates } from './contract.js';

function OrderStatus({ userId, orderId }: { userId: string; orderId: string }) {
  const [status, setStatus] = useState('placed');
  const { error } = useEvent(orderUpdates({ userId }), 'order:updated', (order) => {
    if (order.orderId === orderId) setStatus(order.status);
  });
  return <p>{error ? `Live updates unavailable: ${error.message}` : `Order ${orderId}: ${status}`}</p>;
}

export function OrderPage({ userId, orderId }: { userId: string; orderId: string }) {
  return (
    <RealtimeProvider
      options={{ authEndpoint: '/api/realtime', adapters: { 'socket-io': () => import('@switchboard/socket-io/subscriber') } }}
    >
      <OrderStatus userId={userId} orderId={orderId} />
    </RealtimeProvider>
  );
}
