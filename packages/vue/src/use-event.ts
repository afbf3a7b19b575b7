/** `useEvent`: one typed event of one channel, for as long as the component is mounted. */
import type { ChannelRef, ChannelSubscriptionState, EventData, EventHandler, EventName, MessageMeta } from '@switchboard/core/client';
import { type MaybeRefOrGetter, type ShallowRef, toValue } from 'vue';
import { type ChannelComposableOptions, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Calls `handler` for every `event` on `channel`, typed from the channel definition, from mount to
 * unmount. `channel` (and `event`) may be refs or getters: when the channel's name changes, the new
 * channel is subscribed before the old one is released. Components on the same channel share one
 * provider subscription. A `null` channel (or `enabled: false`) subscribes to nothing.
 *
 * @example
 * const lesson = useEvent(() => progress({ userId: props.userId }), 'lesson:updated', (data) => (latest.value = data));
 */
export function useEvent<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
  channel: MaybeRefOrGetter<TRef | null | undefined>,
  event: MaybeRefOrGetter<TEvent>,
  handler: EventHandler<EventData<TRef, TEvent>, TEvent>,
  options: ChannelComposableOptions = {},
): Readonly<ShallowRef<ChannelSubscriptionState>> {
  return useChannelSubscription(
    channel,
    () => [toValue(event)],
    (_event, data, meta) => handler(data as EventData<TRef, TEvent>, meta as MessageMeta<TEvent>),
    options,
  );
}
