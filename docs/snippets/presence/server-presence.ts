// On the server, the publisher asks the provider.
import type { RealtimePublisher } from '@switchboard/core/server';
import { session } from '@switchboard/schemas/sessions';

export async function whoIsThere(publisher: RealtimePublisher, sessionId: string, partnerId: string) {
  const present = await publisher.presence(session({ sessionId })).isPresent(partnerId);
  const members = await publisher.presence(session({ sessionId })).members(); // one entry per user
  return { present, members };
}
