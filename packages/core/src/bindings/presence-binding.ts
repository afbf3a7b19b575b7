/**
 * A component's view of a presence channel, for framework bindings: who is there (fetched once,
 * then kept current by every join, update and leave), and — while it brings data — this
 * connection present through {@link holdPresence}. The binding calls it with its latest inputs
 * whenever they may have changed; it re-watches only when the subscriber or the channel's name
 * did, re-enters only when data appears, and updates presence only when the data's JSON changed.
 */
import type { ChannelRef } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { PresenceEvent, PresenceMember } from '../presence.js';
import type { RealtimeSubscriber } from '../subscriber.js';
import { type ChannelSubscriptionState, toRealtimeError } from './channel-binding.js';
import { holdPresence, type PresenceHolder, presenceDataChanged } from './presence-membership.js';

/** What a presence binding shows. */
export interface PresenceState<TData> extends ChannelSubscriptionState {
  /** Everyone present, one entry per user however many tabs they have open. */
  members: PresenceMember<TData>[];
  /** This user's entry in `members`, when `userId` was given and they are present. */
  self: PresenceMember<TData> | undefined;
  /** The latest join, update or leave. */
  lastEvent: PresenceEvent<TData> | undefined;
}

/**
 * Updates a {@link bindPresence} binding: pass no subscriber or no channel to release it; `data`
 * undefined watches without being present.
 */
export type PresenceBinding = (subscriber?: RealtimeSubscriber, channel?: ChannelRef | null, data?: unknown, userId?: string) => void;

/** A presence binding that calls `onEvent` for each join, update and leave and `onState` on every change. */
export function bindPresence(onEvent: (event: PresenceEvent) => void, onState: (state: PresenceState<unknown>) => void): PresenceBinding {
  let watchedSubscriber: RealtimeSubscriber | undefined;
  let watchedName: string | undefined;
  let stopWatching = () => {};
  let release: (() => void) | undefined;
  let holder: PresenceHolder | undefined;
  let dataKey: string | undefined;
  let userId: string | undefined;
  let members: PresenceMember[] | undefined;
  let lastEvent: PresenceEvent | undefined;
  let error: RealtimeError | undefined;
  let watching = false;

  const show = () => {
    const list = members ?? [];
    onState({
      status: !watching ? 'idle' : error ? 'error' : members ? 'subscribed' : 'pending',
      error,
      members: list,
      // Members always have a userId, so none matches an undefined one.
      self: list.find((member) => member.userId === userId),
      lastEvent,
    });
  };
  const fail = (reason: unknown) => {
    error = toRealtimeError(reason);
    show();
  };

  return (subscriber, channel, data, user) => {
    userId = user;
    if (subscriber !== watchedSubscriber || channel?.name !== watchedName) {
      watchedSubscriber = subscriber;
      watchedName = channel?.name;
      stopWatching();
      stopWatching = () => {};
      release?.();
      release = holder = dataKey = undefined;
      members = lastEvent = error = undefined;
      watching = !!(subscriber && channel);
      if (subscriber && channel) {
        let active = true;
        try {
          if (channel.definition.access !== 'presence')
            throw new RealtimeError('INVALID_CHANNEL', `${channel.name} is not a presence channel`);
          const presence = subscriber.presence(channel);
          const stop = presence.onChange((event) => {
            if (!active) return;
            members = event.members;
            lastEvent = event;
            show();
            onEvent(event);
          });
          presence.members().then(
            // An event that arrived meanwhile carries a list at least as new as this one.
            (list) => {
              if (!active || members) return;
              members = list;
              show();
            },
            (reason) => active && fail(reason),
          );
          stopWatching = () => {
            active = false;
            // Released a microtask later so a re-subscription in the same tick keeps the channel.
            queueMicrotask(stop);
          };
        } catch (reason) {
          error = toRealtimeError(reason);
        }
      }
    }
    const nextDataKey = data === undefined ? undefined : JSON.stringify(data);
    if (subscriber && channel && !error && nextDataKey !== dataKey) {
      if (!holder && nextDataKey !== undefined) {
        const own: PresenceHolder = { data, onError: (reason) => holder === own && fail(reason) };
        holder = own;
        release = holdPresence(subscriber, channel, holder);
      } else if (holder && nextDataKey === undefined) {
        release?.();
        release = holder = undefined;
      } else if (holder) {
        holder.data = data;
        presenceDataChanged(subscriber, channel);
      }
    }
    dataKey = holder ? nextDataKey : undefined;
    show();
  };
}
