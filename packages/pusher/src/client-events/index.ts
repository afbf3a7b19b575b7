/**
 * @switchboard/pusher/client-events — the Pusher subscriber with client events (`whisper`,
 * `listenForWhisper` from `@switchboard/core/client`). The same exports as
 * `@switchboard/pusher/subscriber`, so a page that whispers loads this entry instead (in its
 * `adapters` loader or directly); pages that never whisper carry none of it.
 *
 * @module @switchboard/pusher/client-events
 */
import type { ClientEventTransport } from '@switchboard/core/adapter';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import {
  createSubscriberTransport as createBaseTransport,
  type PusherSubscriberOptions,
  type PusherSubscriberTransport,
} from '../subscriber/subscriber-transport.js';
import { pusherClientEvents } from './pusher-client-events.js';

export type { PusherSubscriberOptions, PusherSubscriberTransport } from '../subscriber/subscriber-transport.js';
export { CLIENT_EVENT_PREFIX, pusherClientEvents } from './pusher-client-events.js';

/** The Pusher subscriber transport that also carries client events (enable them in the Pusher app's settings). */
export function createSubscriberTransport(options: PusherSubscriberOptions): PusherSubscriberTransport & ClientEventTransport {
  const transport = createBaseTransport(options);
  return { ...transport, clientEvents: pusherClientEvents(transport) };
}

/** A RealtimeSubscriber on Pusher Channels that can send and receive client events. */
export function pusherSubscriber(options: PusherSubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
