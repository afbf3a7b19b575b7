/**
 * Logical channel names → Ably channel names. Every character a logical name may use is legal in
 * Ably, so the mapping is the identity; names Ably would read as a qualifier (`[`) or an empty
 * namespace (leading `:`) are refused before anything is sent.
 */
import { type ChannelRef, RealtimeError } from '@switchboard/core/adapter';

const PROVIDER = 'ably';

/** The Ably channel name of a logical channel (or logical name). Throws INVALID_CHANNEL when unmappable. */
export function ablyChannelName(channel: ChannelRef | string): string {
  const name = typeof channel === 'string' ? channel : channel.name;
  if (typeof name !== 'string' || name.length === 0 || name.startsWith(':') || name.startsWith('[') || /[*,\s]/.test(name)) {
    throw new RealtimeError('INVALID_CHANNEL', `"${String(name).slice(0, 80)}" cannot be an Ably channel name`, {
      provider: PROVIDER,
      details: { channel: name },
    });
  }
  return name;
}

/** The logical name of an Ably channel name (the inverse of {@link ablyChannelName}). */
export function logicalChannelName(ablyName: string): string {
  return ablyName;
}
