/**
 * The Ably channel that carries a channel's client events: its own channel beside the one server
 * messages travel on, so the narrow `publish` capability a member gets for whispers never lets it
 * publish where the server's messages travel. The suffix uses `#`, which no logical name can
 * contain, so it never collides with another channel's Ably name.
 */
import type { ChannelRef } from '@switchboard/core/adapter';
import { ablyChannelName } from './channel-names.js';

/** What follows the channel's Ably name in the name of its client-event channel. */
export const CLIENT_EVENT_CHANNEL_SUFFIX = '#client-events';

/** The Ably name of the channel carrying `channel`'s client events. */
export function clientEventChannelName(channel: ChannelRef | string): string {
  return `${ablyChannelName(channel)}${CLIENT_EVENT_CHANNEL_SUFFIX}`;
}
