import type { ChannelRef, EventData, EventHandler, EventName, MessageMeta } from '@switchboard/core/client';
import { useMemo } from 'react';
import { type ChannelHookOptions, type ChannelSubscriptionState, useChannelSubscription } from './use-channel-subscription.js';

/**
 * Calls `handler` for every `event` on `channel`, typed from the channel definition.
 *
 * The handler may change on every render without resubscribing. Components that listen to the same
 * channel share one provider subscription. Pass `null` as the channel (or `enabled: false`) while
 * its params are not known yet.
 *
 * @example
 * useEvent(progress({ userId }), 'lesson:updated', (lesson) => setLesson(lesson));
 */
export function useEvent<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
  channel: TRef | null | undefined,
  event: TEvent,
  handler: EventHandler<EventData<TRef, TEvent>, TEvent>,
  options: ChannelHookOptions = {},
): ChannelSubscriptionState {
  const events = useMemo(() => [event], [event]);
  return useChannelSubscription(
    channel,
    events,
    (_event, data, meta) => handler(data as EventData<TRef, TEvent>, meta as MessageMeta<TEvent>),
    options,
  );
}
