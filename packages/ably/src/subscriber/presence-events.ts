/**
 * Ably presence messages read as core's presence events and member lists, and the presence calls
 * (enter, update, leave, members). Loaded when the first
 * presence channel attaches, so a page that subscribes only to events never downloads it; it imports
 * no runtime code, so a bundler keeps it in a chunk of its own.
 */
import type { ChannelRef, ChannelSink, PresenceConnection, PresenceTransportEvent, RealtimeError } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import type { toRealtimeError } from '../errors.js';
import type { ChannelBinding } from './channel-binding.js';

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

/** One presence call of the transport. */
export type PresenceOperation = 'enter' | 'update' | 'leave' | 'members';

/** What the presence calls use of the transport, handed over instead of imported (this chunk imports no runtime code). */
export interface PresenceCallContext {
  bindingFor(channel: ChannelRef): ChannelBinding;
  toRealtimeError: typeof toRealtimeError;
}

/** Runs a presence call on an attached channel; the provider's refusal becomes a {@link RealtimeError}. */
export async function presenceCall(
  channel: ChannelRef,
  operation: PresenceOperation,
  data: unknown,
  { bindingFor, toRealtimeError }: PresenceCallContext,
): Promise<PresenceConnection[] | undefined> {
  try {
    const presence = bindingFor(channel).channel.presence;
    if (operation === 'members') return membersOf(await presence.get());
    await presence[operation](data);
  } catch (error) {
    throw toRealtimeError(
      error,
      operation === 'members'
        ? `Presence members of "${channel.name}" could not be read`
        : `Presence ${operation} on "${channel.name}" was refused`,
    );
  }
}
