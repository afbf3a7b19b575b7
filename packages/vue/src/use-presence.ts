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
import { computed, type MaybeRefOrGetter, type Ref, shallowRef, toValue } from 'vue';
import { watchWhileMounted } from './mounted-watch.js';
import { injectSwitchboard } from './switchboard-context.js';

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

/** What {@link usePresence} returns. */
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
 * Who is on a presence channel, kept current from mount to unmount; with `data`, this user is
 * present too (entering on mount, leaving on unmount when no other component holds presence).
 *
 * @example
 * const room = usePresence(() => chat({ roomId: props.roomId }), { data: () => ({ name: name.value }), userId });
 */
export function usePresence<TRef extends ChannelRef>(
  channel: MaybeRefOrGetter<TRef | null | undefined>,
  options: UsePresenceOptions<PresenceDataOf<TRef>> = {},
): Readonly<Ref<PresenceState<PresenceDataOf<TRef>>>> {
  const context = injectSwitchboard();
  const snapshot = shallowRef<Snapshot>();
  const current = () => ((toValue(options.enabled) ?? true) ? toValue(channel) : undefined) ?? undefined;
  const dataKey = () => {
    const data = toValue(options.data);
    return data === undefined ? undefined : JSON.stringify(data);
  };
  const keyOf = (subscriber: object | undefined) => (subscriber ? current()?.name : undefined);

  watchWhileMounted(context, [() => context.subscriber.value, () => current()?.name, () => current()?.definition], ([subscriber]) => {
    const ref = current();
    if (!subscriber || !ref) return undefined;
    const key = ref.name;
    snapshot.value = { key };
    return watchPresence(
      subscriber,
      ref,
      (change) => {
        snapshot.value = { ...(snapshot.value?.key === key ? snapshot.value : { key }), ...change };
      },
      (event) => options.onChange?.(event as PresenceEvent<PresenceDataOf<TRef>>),
    );
  });

  let holder: PresenceHolder | undefined;
  watchWhileMounted(
    context,
    [() => context.subscriber.value, () => current()?.name, () => current()?.definition, () => dataKey() !== undefined],
    ([subscriber, , , present]) => {
      const ref = current();
      if (!subscriber || !ref || !present) return undefined;
      const key = ref.name;
      const own: PresenceHolder = {
        data: toValue(options.data),
        onError: (error) => {
          snapshot.value = { ...(snapshot.value?.key === key ? snapshot.value : { key }), error: toRealtimeError(error, 'UNSUPPORTED') };
        },
      };
      holder = own;
      const release = holdPresence(subscriber, ref, own);
      return () => {
        if (holder === own) holder = undefined;
        release();
      };
    },
  );
  watchWhileMounted(context, [dataKey], ([key]) => {
    const subscriber = context.subscriber.value;
    const ref = current();
    if (!holder || !subscriber || !ref || key === undefined) return undefined;
    holder.data = toValue(options.data);
    presenceDataChanged(subscriber, ref);
    return undefined;
  });

  return computed(() => {
    const subscriber = context.subscriber.value;
    const key = keyOf(subscriber);
    const now = key !== undefined && snapshot.value?.key === key ? snapshot.value : undefined;
    const members = (now?.members ?? []) as PresenceMember<PresenceDataOf<TRef>>[];
    const userId = toValue(options.userId);
    const status: ChannelSubscriptionState['status'] =
      key === undefined || snapshot.value === undefined ? 'idle' : now?.error ? 'error' : now?.members ? 'subscribed' : 'pending';
    return {
      status,
      error: now?.error,
      members,
      self: userId === undefined ? undefined : members.find((member) => member.userId === userId),
      lastEvent: now?.lastEvent as PresenceEvent<PresenceDataOf<TRef>> | undefined,
    };
  });
}
