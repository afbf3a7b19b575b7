/** `usePresence`: who is on a presence channel, and this user present while mounted. */
import { bindPresence, type ChannelRef, type PresenceDataOf, type PresenceEvent, type PresenceState } from '@switchboard/core/client';
import { type MaybeRefOrGetter, type ShallowRef, shallowRef, toValue } from 'vue';
import { whileMounted } from './while-mounted.js';

/** Options of {@link usePresence}; `data`, `enabled` and `userId` may be refs or getters. */
export interface UsePresenceOptions<TData> {
  /**
   * Enter presence with this data while mounted, and update it when it changes (compared as JSON).
   * Leave it out (or `undefined`) to watch the channel without being present.
   * @default undefined
   */
  data?: MaybeRefOrGetter<TData | undefined>;
  /**
   * Watch (and be present) only while true.
   * @default true
   */
  enabled?: MaybeRefOrGetter<boolean>;
  /**
   * The signed-in user's id, to pick `self` out of `members`.
   * @default undefined
   */
  userId?: MaybeRefOrGetter<string | undefined>;
  /**
   * Called for every join, update and leave.
   * @default undefined
   */
  onChange?: (event: PresenceEvent<TData>) => void;
}

/**
 * Who is on a presence channel, kept current from mount to unmount; with `data`, this user is
 * present too (entering on mount, leaving on unmount when no other component holds presence).
 *
 * @example
 * const room = usePresence(() => chat({ roomId: props.roomId }), { data: () => ({ name: name.value }), userId });
 */
export function usePresence<TRef extends ChannelRef>(
  channel: MaybeRefOrGetter<TRef | null | undefined>,
  options: UsePresenceOptions<PresenceDataOf<TRef>> = {},
): Readonly<ShallowRef<PresenceState<PresenceDataOf<TRef>>>> {
  const state = shallowRef<PresenceState<PresenceDataOf<TRef>>>({
    status: 'idle',
    error: undefined,
    members: [],
    self: undefined,
    lastEvent: undefined,
  });
  const bind = bindPresence(
    (event) => options.onChange?.(event as PresenceEvent<PresenceDataOf<TRef>>),
    (next) => {
      state.value = next as PresenceState<PresenceDataOf<TRef>>;
    },
  );
  whileMounted((subscriber) =>
    bind(subscriber, (toValue(options.enabled) ?? true) ? toValue(channel) : null, toValue(options.data), toValue(options.userId)),
  );
  return state;
}
