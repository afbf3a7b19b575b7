/** `useEvent`: one typed event of one channel, for as long as the component is mounted. */
import type { ChannelRef, ChannelSubscriptionState, EventData, EventHandler, EventName, MessageMeta } from '@switchboard/core/client';
import type { Readable } from 'svelte/store';
import type { MaybeReactive } from './reactive-input.js';
import { type ChannelBindingOptions, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Calls `handler` for every `event` on `channel`, typed from the channel definition, from mount to
 * destroy; returns a store of the subscription's status. `channel` (and `event`) may be stores or
 * getters reading runes state: when the channel's name changes, the new channel is subscribed
 * before the old one is released. Components on the same channel share one provider subscription.
 * A `null` channel (or `enabled: false`) subscribes to nothing. Call it while the component
 * initialises.
 *
 * @example
 * const lesson = useEvent(() => progress({ userId }), 'lesson:updated', (data) => (latest = data));
 * // {$lesson.status}
 */
export function useEvent<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
  channel: MaybeReactive<TRef | null | undefined>,
  event: MaybeReactive<TEvent>,
  handler: EventHandler<EventData<TRef, TEvent>, TEvent>,
  options: ChannelBindingOptions = {},
): Readable<ChannelSubscriptionState> {
  return useChannelSubscription(
    channel,
    event,
    (_event, data, meta) => handler(data as EventData<TRef, TEvent>, meta as MessageMeta<TEvent>),
    options,
  );
}
