// In the browser or app: enter, watch, list.
import type { RealtimeSubscriber } from '@switchboard/core/client';
import { session } from '@switchboard/schemas/sessions';

export async function joinSession(subscriber: RealtimeSubscriber, sessionId: string, render: (names: string[]) => void) {
  const room = subscriber.presence(session({ sessionId }));
  await room.enter({ name: 'Ana' });
  const stop = room.onChange(({ members }) => render(members.map((member) => member.data?.name ?? member.userId)));
  const everyone = await room.members(); // [{ userId: 'ana', data: { name: 'Ana' }, info: /* server profile */ }, ...]
  render(everyone.map((member) => member.data?.name ?? member.userId));
  return stop;
}
