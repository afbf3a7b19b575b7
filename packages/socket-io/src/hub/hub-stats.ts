/**
 * What this hub can tell about itself: connections, occupied channels (rooms named by logical
 * channel; a socket's own room and the `#user:` rooms are not channels), subscriptions, presence.
 */
import type { ProviderStats } from '@switchboard/core/adapter';
import type { Server } from 'socket.io';
import type { PresenceRegistry } from './presence-registry.js';

/** One occupied channel on this hub. */
export interface ChannelOccupancy {
  /** Logical channel name. */
  channel: string;
  /** Connections subscribed to it on this hub. */
  subscribers: number;
}

/** The channels with subscribers on this hub, largest first; `channel` narrows to one. */
export function channelOccupancy(io: Server | undefined, channel?: string): ChannelOccupancy[] {
  if (!io) return [];
  const namespace = io.of('/');
  const rooms = namespace.adapter.rooms;
  const occupancy: ChannelOccupancy[] = [];
  for (const [room, members] of rooms) {
    // A socket's own room has its id as name; `#` never starts a logical channel name.
    if (room.startsWith('#') || namespace.sockets.has(room)) continue;
    if (channel !== undefined && room !== channel) continue;
    occupancy.push({ channel: room, subscribers: members.size });
  }
  return occupancy.sort((left, right) => right.subscribers - left.subscribers || left.channel.localeCompare(right.channel));
}

/** Counts of this hub (with Redis, other hubs count their own). */
export function hubStats(io: Server | undefined, presence: PresenceRegistry | undefined): ProviderStats {
  const occupancy = channelOccupancy(io);
  return {
    connections: io?.of('/').sockets.size ?? 0,
    channels: occupancy.length,
    subscriptions: occupancy.reduce((sum, entry) => sum + entry.subscribers, 0),
    presenceMembers: presence?.localCount() ?? 0,
  };
}
