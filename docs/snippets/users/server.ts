// Server: list the catalog among the auth handler's channels; its owner-only rule is built in.
import type { RealtimePublisher } from '@switchboard/core/server';
import { userEvents } from './user-events.js';

export const channels = [userEvents];

export async function orderShipped(publisher: RealtimePublisher, userId: string, orderId: string) {
  await publisher.publishToUser(userEvents, userId, 'order:shipped', { orderId, carrier: 'DHL' });
}

export async function announce(publisher: RealtimePublisher, userIds: string[]) {
  await publisher.publishToUsers(userEvents, userIds, 'order:shipped', { orderId: 'all', carrier: 'DHL' });
}
