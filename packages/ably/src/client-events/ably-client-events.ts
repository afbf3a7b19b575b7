/**
 * Client events on Ably: published on the channel's client-event channel (`<name>#client-events`),
 * where the token grants `publish` only when the channel declares client events and the access
 * rules admitted the user. Ably stamps each message with the publisher's clientId from its token
 * (a different clientId is refused), which receivers take as the sender; it cannot restrict which
 * event names are published there, so receivers accept only the declared ones.
 */
import { type ClientEventCarrier, type InboundClientEvent, RealtimeError } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { clientEventChannelName } from '../client-event-channel.js';
import { PROVIDER, toRealtimeError } from '../errors.js';
import type { AblySubscriberTransport } from '../subscriber/subscriber-transport.js';

/** Carries client events over the Ably Realtime client of `transport`. */
export function ablyClientEvents(transport: AblySubscriberTransport): ClientEventCarrier {
  /** Listeners per client-event channel: the channel is detached when its last one stops. */
  const listening = new Map<string, number>();
  return {
    async send(channel, event, data) {
      const realtime = await transport.sdk();
      if (realtime.connection.state !== 'connected') {
        throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The Ably connection is not open', { provider: PROVIDER });
      }
      try {
        await realtime.channels.get(clientEventChannelName(channel)).publish(event, data);
      } catch (error) {
        throw toRealtimeError(error, `Client event on "${channel.name}" was refused`);
      }
    },
    async listen(channel, listener) {
      const name = clientEventChannelName(channel);
      const realtime = await transport.sdk();
      const ablyChannel = realtime.channels.get(name);
      const onMessage = (message: Ably.InboundMessage) => {
        // Ably echoes a connection's own messages unless told not to; a sender never hears itself.
        if (message.connectionId === realtime.connection.id || typeof message.name !== 'string') return;
        const inbound: InboundClientEvent = { event: message.name, data: message.data, userId: message.clientId };
        listener(inbound);
      };
      listening.set(name, (listening.get(name) ?? 0) + 1);
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        ablyChannel.unsubscribe(onMessage);
        const left = (listening.get(name) ?? 1) - 1;
        if (left > 0) return void listening.set(name, left);
        listening.delete(name);
        ablyChannel.detach().catch(() => {});
      };
      try {
        await ablyChannel.subscribe(onMessage);
      } catch (error) {
        stop();
        throw toRealtimeError(error, `Listening to client events on "${channel.name}" was refused`);
      }
      return stop;
    },
  };
}
