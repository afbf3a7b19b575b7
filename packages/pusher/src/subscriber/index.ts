/**
 * @switchboard/pusher/subscriber — the browser-safe half of the Pusher adapter: a subscriber on
 * `pusher-js` (browsers, React Native, Node). It imports pusher-js and core only.
 *
 * @module @switchboard/pusher/subscriber
 */
// Types only, erased from the output: the augmentation below extends the root entry's interfaces.
import type {} from '@switchboard/core';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import { createSubscriberTransport, type PusherSubscriberOptions } from './subscriber-transport.js';

export { pusherCapabilities, pusherLimits } from '../capabilities.js';
export { fromPusherChannelName, pusherChannelName, toPusherChannelName } from '../channel-names.js';
export type { PusherAuthorizationRequest, PusherAuthorizationResult } from './channel-authorization.js';
export { createSubscriberTransport, type PusherSubscriberOptions } from './subscriber-transport.js';

declare module '@switchboard/core' {
  interface SubscriberProviders {
    /** `createSubscriber({ provider: 'pusher', ... })` options. */
    pusher: PusherSubscriberOptions;
  }
}

/** A RealtimeSubscriber on Pusher Channels (or any Pusher-protocol server). Connects on the first subscribe. */
export function pusherSubscriber(options: PusherSubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
