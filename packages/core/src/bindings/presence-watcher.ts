/**
 * One component watching who is on a presence channel, for framework bindings: the member list
 * (fetched once, then kept current by every join, update and leave), the latest event and a
 * refusal. Stopping releases the presence listener a microtask later, so a re-subscription in the
 * same tick keeps the channel attached.
 */
import type { ChannelRef } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { PresenceEvent, PresenceMember } from '../presence.js';
import type { RealtimeSubscriber } from '../subscriber.js';
import { toRealtimeError } from './channel-listener.js';

/** What changed in a watched presence channel; missing fields are unchanged. */
export interface PresenceChange {
  members?: PresenceMember[];
  lastEvent?: PresenceEvent;
  error?: RealtimeError;
}

/**
 * Watches presence on `channel`, calling `onUpdate` with each change and `onEvent` with each join,
 * update and leave. Returns the stop function. A channel whose access is not `presence` is
 * reported as an `INVALID_CHANNEL` error.
 */
export function watchPresence(
  subscriber: RealtimeSubscriber,
  channel: ChannelRef,
  onUpdate: (change: PresenceChange) => void,
  onEvent: (event: PresenceEvent) => void,
): () => void {
  let active = true;
  let events = 0;
  const update = (change: PresenceChange) => active && onUpdate(change);
  let presence: ReturnType<RealtimeSubscriber['presence']>;
  try {
    if (channel.definition.access !== 'presence') {
      throw new RealtimeError('INVALID_CHANNEL', `"${channel.name}" is not a presence channel (access: ${channel.definition.access})`);
    }
    presence = subscriber.presence(channel);
  } catch (error) {
    update({ error: toRealtimeError(error, 'UNSUPPORTED') });
    return () => {
      active = false;
    };
  }
  const stop = presence.onChange((event) => {
    if (!active) return;
    events += 1;
    update({ members: event.members, lastEvent: event });
    onEvent(event);
  });
  const asked = events;
  presence.members().then(
    // An event that arrived meanwhile carries a list at least as new as this one.
    (members) => update(events === asked ? { members } : {}),
    (error) => update({ error: toRealtimeError(error, 'UNSUPPORTED') }),
  );
  return () => {
    if (!active) return;
    active = false;
    queueMicrotask(stop);
  };
}
