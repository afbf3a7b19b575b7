/** `usePresence`: who is on a presence channel, and this user present while mounted. */
import { bindPresence, type ChannelRef, type PresenceDataOf, type PresenceEvent, type PresenceState } from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { type MaybeReactive, toReadable } from './reactive-input.js';
import { whileMounted } from './while-mounted.js';

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
  const state = writable<PresenceState<PresenceDataOf<TRef>>>({
    status: 'idle',
    error: undefined,
    members: [],
    self: undefined,
    lastEvent: undefined,
  });
  const bind = bindPresence(
    (event) => options.onChange?.(event as PresenceEvent<PresenceDataOf<TRef>>),
    state.set as (next: PresenceState<unknown>) => void,
  );
  whileMounted(
    [toReadable(channel), toReadable(options.enabled ?? true), toReadable(options.data), toReadable(options.userId)],
    (subscriber, ref, enabled, data, userId) => bind(subscriber, enabled ? ref : null, data, userId),
  );
  return { subscribe: state.subscribe };
}
