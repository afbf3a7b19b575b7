/**
 * Ably presence messages read as core's presence events and member lists. Loaded when the first
 * presence channel attaches, so a page that subscribes only to events never downloads it; it imports
 * no runtime code, so a bundler keeps it in a chunk of its own.
 */
import type { ChannelSink, PresenceConnection, PresenceTransportEvent } from '@switchboard/core/adapter';
import type * as Ably from 'ably';

const PRESENCE_ACTIONS: Partial<Record<string, PresenceTransportEvent['action']>> = {
  enter: 'enter',
  present: 'enter',
  update: 'update',
  leave: 'leave',
};

/** The listener that hands a channel's presence messages to its sink (those without a clientId are not members). */
export function presenceListener(sink: ChannelSink): (message: Ably.PresenceMessage) => void {
  return (message) => {
    const action = PRESENCE_ACTIONS[message.action];
    if (!action || !message.clientId) return;
    sink.presence({ action, member: { userId: message.clientId, connectionId: message.connectionId, data: message.data } });
  };
}

/** The members of a presence set, one entry per connection. */
export function membersOf(members: Ably.PresenceMessage[]): PresenceConnection[] {
  return members.flatMap((member) =>
    member.clientId ? [{ userId: member.clientId, connectionId: member.connectionId, data: member.data }] : [],
  );
}
