/**
 * Client events on Pusher: `client-<event>` on the channel's private or presence Pusher channel,
 * sent with pusher-js's `channel.trigger`. Pusher forwards them to the channel's other subscribers
 * (never back to the sender) and adds the sender's `user_id` on presence channels (once the sender
 * entered presence: before, it is subscribed as the shared watcher, named by no one); it allows them
 * only on private and presence channels the connection is subscribed to, at most 10 per second,
 * and only when the app enabled client events.
 */
import { type ClientEventCarrier, type InboundClientEvent, RealtimeError } from '@switchboard/core/adapter';
import { PUSHER_PROVIDER } from '../capabilities.js';
import { pusherChannelName } from '../channel-names.js';
import { WATCHER_USER_ID } from '../presence-fields.js';
import type { PusherSubscriberTransport } from '../subscriber/subscriber-transport.js';

/** The prefix Pusher requires of client event names. */
export const CLIENT_EVENT_PREFIX = 'client-';

interface PusherFrame {
  event?: unknown;
  channel?: unknown;
  data?: unknown;
  user_id?: unknown;
}

/** Carries client events over the pusher-js client of `transport`. */
export function pusherClientEvents(transport: PusherSubscriberTransport): ClientEventCarrier {
  const client = () => {
    const pusher = transport.sdk();
    if (!pusher) throw new RealtimeError('CLOSED', 'The Pusher connection is not open', { provider: PUSHER_PROVIDER });
    return pusher;
  };
  return {
    async send(channel, event, data) {
      const name = pusherChannelName(channel);
      const subscribed = client().channel(name);
      if (!subscribed?.subscribed) {
        throw new RealtimeError('FORBIDDEN', `Subscribe to "${channel.name}" before sending client events on it`, {
          provider: PUSHER_PROVIDER,
        });
      }
      if (!subscribed.trigger(`${CLIENT_EVENT_PREFIX}${event}`, data)) {
        throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The Pusher connection is not open', { provider: PUSHER_PROVIDER });
      }
    },
    async listen(channel, listener) {
      const name = pusherChannelName(channel);
      // Every frame of the connection, so a re-subscribed channel (a presence enter) keeps its listener.
      const onFrame = (frame: PusherFrame) => {
        if (frame.channel !== name || typeof frame.event !== 'string' || !frame.event.startsWith(CLIENT_EVENT_PREFIX)) return;
        const inbound: InboundClientEvent = {
          event: frame.event.slice(CLIENT_EVENT_PREFIX.length),
          data: frame.data,
          // A member that has not entered presence is subscribed as the shared watcher: no one in particular.
          userId: typeof frame.user_id === 'string' && frame.user_id !== WATCHER_USER_ID ? frame.user_id : undefined,
        };
        listener(inbound);
      };
      const connection = client().connection;
      connection.bind('message', onFrame);
      return () => connection.unbind('message', onFrame);
    },
  };
}
