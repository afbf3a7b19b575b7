/**
 * @switchboard/ably/subscriber — the Ably adapter, browser side: a subscriber on Ably Realtime with
 * token auth through the app's auth endpoint, presence, recovery via Ably's resume, and gaps reported
 * when continuity is lost. Loads `ably/modular` (WebSocket, fetch, presence plugins only) where a
 * global WebSocket exists.
 *
 * @module @switchboard/ably/subscriber
 */
// Types only, erased from the output: the augmentation below extends the root entry's interfaces.
import type {} from '@switchboard/core';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '@switchboard/core/client';
import { type AblySubscriberOptions, createSubscriberTransport } from './subscriber-transport.js';

export { type AblySdkVariant, createRealtimeClient } from './realtime-client.js';
export { type AblySubscriberOptions, createSubscriberTransport } from './subscriber-transport.js';
export type { AblyTokenSource } from './token-authority.js';

declare module '@switchboard/core' {
  interface SubscriberProviders {
    /** `createSubscriber({ provider: 'ably', ... })` options. */
    ably: AblySubscriberOptions;
  }
}

/** A subscriber on Ably Realtime; pass it as `createSubscriber({ adapter })` or use it directly. */
export function ablySubscriber(options: AblySubscriberOptions & SubscriberCoreOptions): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
