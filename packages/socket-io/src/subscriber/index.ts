/**
 * @switchboard/socket-io/subscriber — receive Switchboard events from a Socket.IO hub in a browser,
 * React Native or Node. Browser-safe: it imports only socket.io-client and @switchboard/core.
 *
 * @module @switchboard/socket-io/subscriber
 */
// Types only, erased from the output: the augmentation below extends the root entry's interfaces.
import type {} from '@switchboard/core';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import type { SocketIoSubscriberOptions } from './subscriber-options.js';
import { createSubscriberTransport } from './subscriber-transport.js';

export { socketIoCapabilities } from '../constants.js';
export type { SocketIoSubscriberOptions } from './subscriber-options.js';
export { createSubscriberTransport } from './subscriber-transport.js';
export type { TokenOptions } from './token-source.js';

/** A Socket.IO subscriber, ready to use (tree-shakes best). Connects on the first subscribe. */
export function socketIoSubscriber(options: SocketIoSubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}

declare module '@switchboard/core' {
  interface SubscriberProviders {
    /** `createSubscriber({ provider: 'socket-io', ... })` options. */
    'socket-io': SocketIoSubscriberOptions;
  }
}
