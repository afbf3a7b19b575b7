/** `usePresence`: who is on a presence channel, and this user present while mounted. */
import {
  type ChannelRef,
  type ChannelSubscriptionState,
  holdPresence,
  type PresenceChange,
  type PresenceDataOf,
  type PresenceEvent,
  type PresenceHolder,
  type PresenceMember,
  presenceDataChanged,
  toRealtimeError,
  watchPresence,
} from '@switchboard/core/client';
import { derived, type Readable, writable } from 'svelte/store';
import { followWhileMounted } from './mounted-subscription.js';
import { type MaybeReactive, toReadable } from './reactive-input.js';
import { getSwitchboard } from './switchboard-context.js';

/** Options of {@link usePresence}; `data`, `enabled` and `userId` may be stores or getters. */
export interface UsePresenceOptions<TData> {
  /**
   * Enter presence with this data while mounted, and update it when it changes (compared as JSON).
   * Leave it out (or `undefined`) to watch the channel without being present.
   * @default undefined
   */
  data?: MaybeReactive<TData | undefined>;
  /**
   * Watch (and be present) only while true.
   * @default true
   */
  enabled?: MaybeReactive<boolean>;
  /**
   * The signed-in user's id, to pick `self` out of `members`.
   * @default undefined
   */
  userId?: MaybeReactive<string | undefined>;
  /**
   * Called for every join, update and leave.
   * @default undefined
   */
  onChange?: (event: PresenceEvent<TData>) => void;
}

/** What the store {@link usePresence} returns holds. */
export interface PresenceState<TData> extends ChannelSubscriptionState {
  /** Everyone present, one entry per user however many tabs they have open. */
  members: PresenceMember<TData>[];
  /** This user's entry in `members`, when `userId` was given and they are present. */
  self: PresenceMember<TData> | undefined;
  /** The latest join, update or leave. */
  lastEvent: PresenceEvent<TData> | undefined;
}

interface Snapshot extends PresenceChange {
  key: string;
}

/**
 * Who is on a presence channel, as a store kept current from mount to destroy; with `data`, this
 * user is present too (entering on mount, leaving on destroy when no other component holds
 * presence). Call it while the component initialises.
 *
 * @example
 * const presence = usePresence(() => chat({ roomId }), { data: () => ({ name }), userId });
 * // {#each $presence.members as member}…
 */
export function usePresence<TRef extends ChannelRef>(
  channel: MaybeReactive<TRef | null | undefined>,
  options: UsePresenceOptions<PresenceDataOf<TRef>> = {},
): Readable<PresenceState<PresenceDataOf<TRef>>> {
  type TData = PresenceDataOf<TRef>;
  const context = getSwitchboard();
  const snapshot = writable<Snapshot | undefined>();
  const channelStore = toReadable(channel);
  const enabledStore = toReadable(options.enabled ?? true);
  const dataStore = toReadable(options.data);
  const target = (ref: ChannelRef | null | undefined, enabled: boolean) => (enabled ? (ref ?? undefined) : undefined);

  followWhileMounted(
    context,
    [context.subscriber, channelStore, enabledStore],
    ([subscriber, ref, enabled]) => [subscriber, target(ref, enabled)?.name, target(ref, enabled)?.definition],
    ([subscriber, ref, enabled]) => {
      const watched = target(ref, enabled);
      if (!subscriber || !watched) return undefined;
      const key = watched.name;
      snapshot.set({ key });
      return watchPresence(
        subscriber,
        watched,
        (change) => snapshot.update((previous) => ({ ...(previous?.key === key ? previous : { key }), ...change })),
        (event) => options.onChange?.(event as PresenceEvent<TData>),
      );
    },
  );

  let holder: PresenceHolder | undefined;
  followWhileMounted(
    context,
    [context.subscriber, channelStore, enabledStore, dataStore],
    ([subscriber, ref, enabled, data]) => [subscriber, target(ref, enabled)?.name, target(ref, enabled)?.definition, data !== undefined],
    ([subscriber, ref, enabled, data]) => {
      const held = target(ref, enabled);
      if (!subscriber || !held || data === undefined) return undefined;
      const key = held.name;
      const own: PresenceHolder = {
        data,
        onError: (error) =>
          snapshot.update((previous) => ({
            ...(previous?.key === key ? previous : { key }),
            error: toRealtimeError(error, 'UNSUPPORTED'),
          })),
      };
      holder = own;
      const release = holdPresence(subscriber, held, own);
      return () => {
        if (holder === own) holder = undefined;
        release();
      };
    },
  );
  followWhileMounted(
    context,
    [context.subscriber, channelStore, dataStore],
    ([, , data]) => [data === undefined ? undefined : JSON.stringify(data)],
    ([subscriber, ref, data]) => {
      if (!holder || !subscriber || !ref || data === undefined) return undefined;
      holder.data = data;
      presenceDataChanged(subscriber, ref);
      return undefined;
    },
  );

  return derived(
    [snapshot, context.subscriber, channelStore, enabledStore, toReadable(options.userId)],
    ([now, subscriber, ref, enabled, userId]) => {
      const key = subscriber ? target(ref, enabled)?.name : undefined;
      const current = key !== undefined && now?.key === key ? now : undefined;
      const members = (current?.members ?? []) as PresenceMember<TData>[];
      const status: ChannelSubscriptionState['status'] =
        key === undefined || now === undefined ? 'idle' : current?.error ? 'error' : current?.members ? 'subscribed' : 'pending';
      return {
        status,
        error: current?.error,
        members,
        self: userId === undefined ? undefined : members.find((member) => member.userId === userId),
        lastEvent: current?.lastEvent as PresenceEvent<TData> | undefined,
      };
    },
  );
}
