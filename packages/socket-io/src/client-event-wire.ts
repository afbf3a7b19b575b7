/**
 * The Socket.IO event of client events, both ways: client → hub with an ack `({ channel, event, data })`;
 * hub → the channel's other members `(channel, { event, data, userId })`, `userId` from the sender's
 * verified handshake token. Kept apart from `WIRE` so pages that never whisper do not carry it.
 */
export const CLIENT_EVENT_WIRE = 'switchboard:client-event';

/** A client event as the hub relays it. */
export interface RelayedClientEvent {
  /** The declared client event name. */
  event: string;
  /** The data, valid against the channel's schema when the hub relayed it. */
  data: unknown;
  /** The sender, from its verified handshake token. */
  userId: string;
}
