/**
 * `subscribeUser`: listens to the signed-in user's stream of a user-event catalog. A free function
 * rather than a subscriber method, so pages that never listen to a user stream carry none of it.
 * Only the user named in the stream may subscribe (the provider, or the hub, refuses anyone else with
 * FORBIDDEN, reported on the subscription's `ready`); every device of that user receives each message.
 */
import type { EventData, EventName, EventSchemas } from '../channel.js';
import { assertUserStream, type UserStreamRef } from '../user-events.js';
import type { EventHandler, EventHandlers, RealtimeSubscriber, SubscribeOptions, Subscription } from './subscriber-types.js';

/** Subscribes to one event of the user's stream (`userEvents({ userId: me })`). */
export function subscribeUser<TEvents extends EventSchemas, TEvent extends EventName<UserStreamRef<TEvents>>>(
  subscriber: RealtimeSubscriber,
  stream: UserStreamRef<TEvents>,
  event: TEvent,
  handler: EventHandler<EventData<UserStreamRef<TEvents>, TEvent>, TEvent>,
  options?: SubscribeOptions,
): Subscription;
/** Subscribes handlers to several events of the user's stream. */
export function subscribeUser<TEvents extends EventSchemas>(
  subscriber: RealtimeSubscriber,
  stream: UserStreamRef<TEvents>,
  handlers: EventHandlers<UserStreamRef<TEvents>>,
  options?: SubscribeOptions,
): Subscription;
export function subscribeUser(
  subscriber: RealtimeSubscriber,
  stream: UserStreamRef,
  eventOrHandlers: string | EventHandlers<UserStreamRef>,
  handlerOrOptions?: EventHandler<unknown> | SubscribeOptions,
  options?: SubscribeOptions,
): Subscription {
  assertUserStream(stream);
  if (typeof eventOrHandlers === 'string') {
    return subscriber.subscribe(stream, eventOrHandlers, handlerOrOptions as EventHandler<unknown>, options);
  }
  return subscriber.subscribe(stream, eventOrHandlers, handlerOrOptions as SubscribeOptions | undefined);
}
