/**
 * @switchboard/socket-io/client-events — the Socket.IO subscriber with client events (`whisper`,
 * `listenForWhisper` from `@switchboard/core/client`), checked and relayed by the hub. The same
 * exports as `@switchboard/socket-io/subscriber`, so a page that whispers loads this entry instead
 * (in its `adapters` loader or directly); pages that never whisper carry none of it.
 *
 * @module @switchboard/socket-io/client-events
 */
import type { ClientEventTransport } from '@switchboard/core/adapter';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import type { SocketIoSubscriberOptions } from '../subscriber/subscriber-options.js';
import { createSubscriberTransport as createBaseTransport, type SocketIoSubscriberTransport } from '../subscriber/subscriber-transport.js';
import { hubClientEvents } from './hub-client-events.js';

export type { SocketIoSubscriberOptions } from '../subscriber/subscriber-options.js';
export type { SocketIoSubscriberTransport } from '../subscriber/subscriber-transport.js';
export { hubClientEvents } from './hub-client-events.js';

/** The Socket.IO subscriber transport that also carries client events through the hub. */
export function createSubscriberTransport(options: SocketIoSubscriberOptions): SocketIoSubscriberTransport & ClientEventTransport {
  const transport = createBaseTransport(options);
  return {
    ...transport,
    clientEvents: hubClientEvents(transport, options.requestTimeoutMs),
  };
}

/** A Socket.IO subscriber that can send and receive client events. Connects on the first subscribe. */
export function socketIoSubscriber(options: SocketIoSubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
