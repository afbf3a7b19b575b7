/**
 * The one subscription `useEvent` and `useChannel` hold, through core's channel binding: it
 * resubscribes when the channel's name, the event names, `enabled` or the subscriber change, and
 * never for new handlers. Core's subscriber shares one provider attachment per channel.
 */
import {
  bindChannel,
  type ChannelListenerOptions,
  type ChannelRef,
  type ChannelSubscriptionState,
  type MessageMeta,
} from '@switchboard/core/client';
import { type MaybeRefOrGetter, type ShallowRef, shallowRef, toValue } from 'vue';
import { whileMounted } from './while-mounted.js';

/** Options of {@link useEvent} and {@link useChannel}. */
export interface ChannelComposableOptions extends ChannelListenerOptions {
  /**
   * Subscribe only while true (a ref or getter is followed); `false` releases the subscription.
   * @default true
   */
  enabled?: MaybeRefOrGetter<boolean>;
}

/** Subscribes while mounted; `events` returning undefined means every event of the channel. */
export function useChannelSubscription(
  channel: MaybeRefOrGetter<ChannelRef | null | undefined>,
  events: () => string[] | undefined,
  dispatch: (event: string, data: unknown, meta: MessageMeta) => void,
  options: ChannelComposableOptions,
): Readonly<ShallowRef<ChannelSubscriptionState>> {
  const state = shallowRef<ChannelSubscriptionState>({ status: 'idle', error: undefined });
  const bind = bindChannel(
    dispatch,
    () => options,
    (next) => {
      state.value = next;
    },
  );
  whileMounted((subscriber) => bind(subscriber, (toValue(options.enabled) ?? true) ? toValue(channel) : null, events()));
  return state;
}
