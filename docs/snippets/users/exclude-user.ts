// Server: tell everyone in the session what Ada did, except Ada, on all of her devices.
import type { Notifier, RealtimePublisher } from '@switchboard/core/server';
import { session } from '@switchboard/schemas/sessions';

export async function stageCompleted(publisher: RealtimePublisher, sessionId: string, actorId: string, stage: number) {
  const data = { userId: actorId, stage, timestamp: new Date().toISOString() };
  await publisher.publish(session({ sessionId }), 'partner.stage_completed', data, { excludeUserId: actorId });
}

// notify: realtime to a present partner, the push fallback otherwise; the actor's devices never get it.
export function notifyPartner(notifier: Notifier, sessionId: string, actorId: string, partnerId: string, stage: number) {
  const data = { userId: actorId, stage, timestamp: new Date().toISOString() };
  return notifier.notify({
    channel: session({ sessionId }),
    recipient: partnerId,
    excludeUserId: actorId,
    event: 'partner.stage_completed',
    data,
  });
}
