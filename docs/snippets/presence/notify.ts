// notify: live when the recipient is on the channel, through the fallback otherwise.
import { createNotifier, type RealtimePublisher } from '@switchboard/core/server';
import { session } from '@switchboard/schemas/sessions';
import { fallback } from './push-fallback.js';

export function sessionNotifier(publisher: RealtimePublisher) {
  const { notify } = createNotifier({ publisher, fallback });
  return (sessionId: string, partnerId: string, userId: string) =>
    notify({
      channel: session({ sessionId }),
      recipient: partnerId,
      event: 'partner.signed_compact',
      data: { userId, timestamp: new Date().toISOString() },
    });
}
