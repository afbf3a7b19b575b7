/** `useChannel`: several typed events of one channel through one subscription. */
import type { ChannelRef, ChannelSubscriptionState, EventHandlers, MessageMeta } from '@switchboard/core/client';
import type { MaybeRefOrGetter, ShallowRef } from 'vue';
import { type ChannelComposableOptions, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Handles several events of one channel with one subscription, each handler typed from the channel
 * definition. Handlers are looked up on every message, so the object may be reactive and change.
 *
 * @example
 * useChannel(() => comments({ postId: props.postId }), {
 *   'comment:added': (comment) => list.value.push(comment),
 *   'comment:deleted': ({ id }) => remove(id),
 * });
 */
export function useChannel<TRef extends ChannelRef>(
  channel: MaybeRefOrGetter<TRef | null | undefined>,
  handlers: EventHandlers<TRef>,
  options: ChannelComposableOptions = {},
): Readonly<ShallowRef<ChannelSubscriptionState>> {
  return useChannelSubscription(
    channel,
    () => undefined,
    (event, data, meta) => {
      (handlers as Record<string, ((data: unknown, meta: MessageMeta) => void) | undefined>)[event]?.(data, meta);
    },
    options,
  );
}
