/** `useChannel`: several typed events of one channel through one subscription. */
import type { ChannelRef, ChannelSubscriptionState, EventHandlers, MessageMeta } from '@switchboard/core/client';
import type { Readable } from 'svelte/store';
import type { MaybeReactive } from './reactive-input.js';
import { type ChannelBindingOptions, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Handles several events of one channel with one subscription, each handler typed from the channel
 * definition. Handlers are looked up on every message, so the object may change.
 *
 * @example
 * useChannel(() => comments({ postId }), {
 *   'comment:added': (comment) => list.push(comment),
 *   'comment:deleted': ({ id }) => remove(id),
 * });
 */
export function useChannel<TRef extends ChannelRef>(
  channel: MaybeReactive<TRef | null | undefined>,
  handlers: EventHandlers<TRef>,
  options: ChannelBindingOptions = {},
): Readable<ChannelSubscriptionState> {
  return useChannelSubscription(
    channel,
    undefined,
    (event, data, meta) => {
      (handlers as Record<string, ((data: unknown, meta: MessageMeta) => void) | undefined>)[event]?.(data, meta);
    },
    options,
  );
}
