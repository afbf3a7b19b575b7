/**
 * @switchboard/ably/client-events — the Ably subscriber with client events (`whisper`,
 * `listenForWhisper` from `@switchboard/core/client`), on each channel's own client-event channel.
 * The same exports as `@switchboard/ably/subscriber`, so a page that whispers loads this entry
 * instead (in its `adapters` loader or directly); pages that never whisper carry none of it.
 *
 * @module @switchboard/ably/client-events
 */
import type { ClientEventTransport } from '@switchboard/core/adapter';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import {
  type AblySubscriberOptions,
  type AblySubscriberTransport,
  createSubscriberTransport as createBaseTransport,
} from '../subscriber/subscriber-transport.js';
import { ablyClientEvents } from './ably-client-events.js';

export { CLIENT_EVENT_CHANNEL_SUFFIX, clientEventChannelName } from '../client-event-channel.js';
export type { AblySubscriberOptions, AblySubscriberTransport } from '../subscriber/subscriber-transport.js';
export { ablyClientEvents } from './ably-client-events.js';

/** The Ably subscriber transport that also carries client events. */
export function createSubscriberTransport(options: AblySubscriberOptions): AblySubscriberTransport & ClientEventTransport {
  const transport = createBaseTransport(options);
  return { ...transport, clientEvents: ablyClientEvents(transport) };
}

/** A subscriber on Ably Realtime that can send and receive client events. */
export function ablySubscriber(options: AblySubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
