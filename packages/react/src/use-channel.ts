import type { ChannelRef, EventHandlers, MessageMeta } from '@switchboard/core/client';
import { type ChannelHookOptions, type ChannelSubscriptionState, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Handles several events of one channel with one subscription, each handler typed from the channel
 * definition. The handlers object may be a new literal on every render, and may add or drop
 * handlers, without resubscribing.
 *
 * @example
 * useChannel(comments({ postId }), {
 *   'comment:added': (comment) => add(comment),
 *   'comment:deleted': ({ id }) => remove(id),
 * });
 */
export function useChannel<TRef extends ChannelRef>(
  channel: TRef | null | undefined,
  handlers: EventHandlers<TRef>,
  options: ChannelHookOptions = {},
): ChannelSubscriptionState {
  return useChannelSubscription(
    channel,
    undefined,
    (event, data, meta) => {
      const handler = (handlers as Record<string, ((data: unknown, meta: MessageMeta) => void) | undefined>)[event];
      handler?.(data, meta);
    },
    options,
  );
}
