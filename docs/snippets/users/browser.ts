// Browser: every device where this user listens receives each message; anyone else is refused.
import { type RealtimeSubscriber, subscribeUser } from '@switchboard/core/client';
import { userEvents } from './user-events.js';

export function listen(subscriber: RealtimeSubscriber, me: string) {
  const subscription = subscribeUser(subscriber, userEvents({ userId: me }), 'order:shipped', (data) => {
    console.log(`Order ${data.orderId} shipped with ${data.carrier}`);
  });
  return () => subscription.unsubscribe();
}
