/** What hosted Pusher Channels enforces, as the emulator enforces it. */
export const PUSHER_LIMITS = {
  /** Bytes of one event's `data` string. Larger → HTTP 413. */
  maxDataBytes: 10_240,
  /** Channels one `/events` call may name. */
  maxChannelsPerTrigger: 100,
  /** Events one `/batch_events` call may carry. */
  maxBatchSize: 10,
  /** Characters of an event name. */
  maxEventNameLength: 200,
  /** Characters of a channel name (the documented limit; the Node SDK checks 200). */
  maxChannelNameLength: 164,
  /** Distinct users on one presence channel. */
  maxPresenceMembers: 100,
  /** Characters of a presence `user_id`. */
  maxUserIdLength: 128,
  /** Bytes of a presence member's serialized `user_info`. */
  maxUserInfoBytes: 1_024,
  /** Client events one connection may send per second. */
  maxClientEventsPerSecond: 10,
  /** How far `auth_timestamp` may be from the server clock, in seconds. */
  timestampToleranceSeconds: 600,
} as const;

const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_\-=@,.;]+$/;
export const SOCKET_ID_PATTERN = /^\d+\.\d+$/;

/** Why a channel name is refused, or `undefined` when it is legal. */
export function channelNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'Channel name is missing';
  if (name.length > PUSHER_LIMITS.maxChannelNameLength) {
    return `Channel name too long (${name.length} > ${PUSHER_LIMITS.maxChannelNameLength}): ${name.slice(0, 40)}…`;
  }
  if (!CHANNEL_NAME_PATTERN.test(name)) return `Invalid channel name: ${name.slice(0, 80)}`;
  return undefined;
}

export type ChannelKind = 'public' | 'private' | 'presence';

export function channelKind(name: string): ChannelKind {
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-')) return 'private';
  return 'public';
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
