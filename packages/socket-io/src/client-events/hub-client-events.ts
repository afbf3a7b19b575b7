/**
 * Client events through the Socket.IO hub: sent as one acknowledged request the hub checks
 * (subscribed, declared, valid, under the connection's rate) before it relays it to the channel's
 * other members with the sender's verified user id.
 */
import { type ClientEventCarrier, RealtimeError } from '@switchboard/core/adapter';
import { CLIENT_EVENT_WIRE, type RelayedClientEvent } from '../client-event-wire.js';
import { type HubReply, PROVIDER } from '../constants.js';
import type { SocketIoSubscriberTransport } from '../subscriber/subscriber-transport.js';

/** Carries client events over the socket of `transport`; the hub answers each send within `timeoutMs`. */
export function hubClientEvents(transport: SocketIoSubscriberTransport, timeoutMs = 10_000): ClientEventCarrier {
  const socket = () => {
    const opened = transport.sdk();
    if (!opened) throw new RealtimeError('CLOSED', 'The hub connection is not open', { provider: PROVIDER });
    return opened;
  };
  return {
    async send(channel, event, data) {
      let reply: HubReply;
      try {
        reply = await socket().timeout(timeoutMs).emitWithAck(CLIENT_EVENT_WIRE, { channel: channel.name, event, data });
      } catch (cause) {
        throw new RealtimeError('TIMEOUT', `The hub did not answer a client event within ${timeoutMs} ms`, { provider: PROVIDER, cause });
      }
      if (!reply?.ok) {
        throw new RealtimeError(reply?.code ?? 'MALFORMED_MESSAGE', reply?.message ?? 'Unexpected answer to a client event', {
          provider: PROVIDER,
          details: reply && { reason: reply.reason, limit: reply.limit },
          retryAfterMs: reply?.retryAfterMs,
        });
      }
    },
    async listen(channel, listener) {
      const onRelay = (name: unknown, relayed: RelayedClientEvent | undefined) => {
        if (name !== channel.name || typeof relayed?.event !== 'string') return;
        listener({ event: relayed.event, data: relayed.data, userId: typeof relayed.userId === 'string' ? relayed.userId : undefined });
      };
      const opened = socket();
      opened.on(CLIENT_EVENT_WIRE, onRelay);
      return () => opened.off(CLIENT_EVENT_WIRE, onRelay);
    },
  };
}
