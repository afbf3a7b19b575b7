/**
 * The room every socket of one user joins at connect. `disconnectUser` reaches a user through it,
 * and a publish's `excludeUserId` leaves it out; rooms span every hub behind the Redis adapter, and
 * the Redis emitter names them the same way, so both work across scale-out nodes.
 */
import { type Envelope, encodeEnvelope, type WireEnvelope } from '@switchboard/core/adapter';

/** The room of every socket of one user; `#` cannot appear in a logical channel name. */
export const userRoom = (userId: string): string => `#user:${userId}`;

/** The rooms a broadcast of this envelope must leave out: the excluded connection and the excluded user's room. */
export function excludedRooms(envelope: Envelope): string[] {
  const rooms: string[] = [];
  if (envelope.exclude) rooms.push(envelope.exclude);
  if (envelope.excludeUser) rooms.push(userRoom(envelope.excludeUser));
  return rooms;
}

/**
 * The envelope as subscribers receive it: the hub already left the excluded user's sockets out, so
 * the user id is not shown to everyone else on the channel.
 */
export function subscriberWire(envelope: Envelope): WireEnvelope {
  return encodeEnvelope(envelope.excludeUser === undefined ? envelope : { ...envelope, excludeUser: undefined });
}
