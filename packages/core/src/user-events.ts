/**
 * Messages addressed to a user, not a channel: a typed user-event catalog declared like a channel.
 * It is a private channel family `switchboard-user:{userId}` whose access rule is fixed here and
 * cannot be replaced by an app rule: only the user named in the channel may subscribe, so no one
 * can listen to another user's stream. Every device of that user that subscribes receives each message.
 */
import { type ChannelDefinition, type ChannelRef, defineChannel, type EventSchemas } from './channel.js';
import { RealtimeError } from './errors.js';

/** The template of every user stream; `{userId}` is the signed-in user's id. */
export const USER_STREAM_TEMPLATE = 'switchboard-user:{userId}' as const;

/**
 * A user-event catalog: call it with `{ userId }` for that user's stream. At run time it also carries
 * `userStream: true`, which makes it owner-only whatever the app's rules say.
 */
export type UserEventsDefinition<TEvents extends EventSchemas = EventSchemas> = ChannelDefinition<
  typeof USER_STREAM_TEMPLATE,
  TEvents,
  'private',
  undefined
>;

/** One user's stream, as `userEvents({ userId })` returns it. */
export type UserStreamRef<TEvents extends EventSchemas = EventSchemas> = ChannelRef<UserEventsDefinition<TEvents>>;

/** Options of {@link defineUserEvents}. */
export interface UserEventsOptions {
  /** Human description, shown in docs and errors. */
  description?: string;
}

/** The rule of every user stream: the signed-in user's id must be the stream's `userId`. */
const ownerOfStream = (user: { id: string }, params: { userId: string }) =>
  user.id === params.userId ? true : { allowed: false, reason: `only user ${params.userId} may listen to their user stream` };

/**
 * Declares the events a server may send to one user wherever they are signed in. Share it with the
 * browser like a channel; list it among the channels of the auth handler and the hub.
 *
 * @example
 * export const userEvents = defineUserEvents({ 'order:shipped': orderShipped });
 * await publisher.publishToUser(userEvents, user.id, 'order:shipped', { orderId });
 * subscriber.subscribeUser(userEvents({ userId: me }), 'order:shipped', (data) => toast(data));
 */
export function defineUserEvents<const TEvents extends EventSchemas>(
  events: TEvents,
  options: UserEventsOptions = {},
): UserEventsDefinition<TEvents> {
  const definition = defineChannel(USER_STREAM_TEMPLATE, {
    access: 'private',
    events,
    // Fixed here; `checkAccess` never lets an app rule replace it.
    authorize: ownerOfStream,
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  Object.defineProperty(definition, 'userStream', { value: true });
  return definition as UserEventsDefinition<TEvents>;
}

/** Whether a channel reference is a user stream. */
export function isUserStream(channel: ChannelRef): channel is UserStreamRef {
  return (channel.definition as { userStream?: unknown }).userStream === true;
}

/** Throws INVALID_CHANNEL unless `channel` is a user stream built by a {@link defineUserEvents} catalog. */
export function assertUserStream(channel: ChannelRef): asserts channel is UserStreamRef {
  if (!isUserStream(channel)) {
    throw new RealtimeError(
      'INVALID_CHANNEL',
      `"${String(channel?.name).slice(0, 80)}" is not a user stream (use a defineUserEvents catalog)`,
    );
  }
}
