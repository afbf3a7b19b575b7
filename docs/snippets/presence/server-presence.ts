// On the server, the publisher asks the provider; members are typed from the presence schema.
import type { RealtimePublisher } from '@switchboard/core/server';
import { session } from '@switchboard/schemas/sessions';

export async function whoIsThere(publisher: RealtimePublisher, sessionId: string, partnerId: string) {
  const present = await publisher.presence(session({ sessionId })).isPresent(partnerId);
  const members = await publisher.members(session({ sessionId })); // one entry per user
  // Narrow on `source`: an `ids-only` member (Pusher without a presence record) carries no data.
  const withData = members.flatMap((member) => (member.source === 'ids-only' ? [] : [{ userId: member.userId, data: member.data }]));
  return { present, members, withData };
}
