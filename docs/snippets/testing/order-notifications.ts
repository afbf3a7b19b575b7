// order-notifications.ts — app code under test: it only knows the RealtimePublisher interface.
import type { RealtimePublisher } from '@switchboard/core/server';
import { orderUpdates } from '../getting-started/contract.js';

export async function markShipped(publisher: RealtimePublisher, userId: string, orderId: string): Promise<string> {
  const { id } = await publisher.publish(orderUpdates({ userId }), 'order:updated', { orderId, status: 'shipped' });
  return id;
}
