/**
 * The one subscription `useEvent` and `useChannel` hold: resubscribes when the channel's name,
 * the event names, `enabled` or the subscriber change, and never for new handlers. Core's subscriber
 * shares one provider attachment per channel among all its listeners.
 */
import {
  type ChannelListenerOptions,
  type ChannelRef,
  type ChannelSubscriptionState,
  listenToChannel,
  type MessageMeta,
} from '@switchboard/core/client';
import { type MaybeRefOrGetter, type ShallowRef, shallowRef, toValue } from 'vue';
import { watchWhileMounted } from './mounted-watch.js';
import { injectSwitchboard } from './switchboard-context.js';

/** Options of {@link useEvent} and {@link useChannel}. */
export interface ChannelComposableOptions extends ChannelListenerOptions {
  /**
   * Subscribe only while true (a ref or getter is followed); `false` releases the subscription.
   * @default true
   */
  enabled?: MaybeRefOrGetter<boolean>;
}

const IDLE: ChannelSubscriptionState = { status: 'idle', error: undefined };
const PENDING: ChannelSubscriptionState = { status: 'pending', error: undefined };
const SUBSCRIBED: ChannelSubscriptionState = { status: 'subscribed', error: undefined };

/** Subscribes while mounted; `events` undefined means every event of the channel's definition. */
export function useChannelSubscription(
  channel: MaybeRefOrGetter<ChannelRef | null | undefined>,
  events: () => readonly string[] | undefined,
  dispatch: (event: string, data: unknown, meta: MessageMeta) => void,
  options: ChannelComposableOptions,
): Readonly<ShallowRef<ChannelSubscriptionState>> {
  const context = injectSwitchboard();
  const state = shallowRef(IDLE);
  const current = () => ((toValue(options.enabled) ?? true) ? toValue(channel) : undefined) ?? undefined;
  watchWhileMounted(
    context,
    [() => context.subscriber.value, () => current()?.name, () => current()?.definition, () => events()?.join('\n')],
    ([subscriber]) => {
      const ref = current();
      if (!subscriber || !ref) {
        state.value = IDLE;
        return undefined;
      }
      state.value = PENDING;
      return listenToChannel(subscriber, ref, events(), {
        dispatch,
        options: () => options,
        settle: (error) => {
          state.value = error ? { status: 'error', error } : SUBSCRIBED;
        },
      });
    },
  );
  return state;
}
