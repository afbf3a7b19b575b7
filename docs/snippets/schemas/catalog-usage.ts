import type { RealtimeSubscriber } from '@switchboard/core/client';
import type { RealtimePublisher } from '@switchboard/core/server';
import { type KitProgress, progress } from '@switchboard/schemas/progress';

export async function publishKit(publisher: RealtimePublisher, kit: KitProgress) {
  await publisher.publish(progress({ userId: kit.userId }), 'kit:updated', kit); // checked at compile time and at run time
}

export function followKit(subscriber: RealtimeSubscriber, me: { id: string }, render: (percentage: number) => void) {
  return subscriber.subscribe(progress({ userId: me.id }), 'kit:updated', (kit) => render(kit.completionPercentage)); // typed
}
