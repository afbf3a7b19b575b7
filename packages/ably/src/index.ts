/**
 * @switchboard/ably — the Ably adapter, server side: a publisher on Ably REST (idempotent ids,
 * batch publish, presence query, history, health) and `ablyAuthorizer`, which issues subscribe-only
 * TokenRequests for the auth endpoint. The browser side is `@switchboard/ably/subscriber`.
 *
 * @module @switchboard/ably
 */
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from '@switchboard/core';
import { type AblyPublisherOptions, createPublisherTransport } from './publisher/publisher-transport.js';

export { type AblyAuthorizerOptions, ablyAuthorizer } from './auth/ably-authorizer.js';
export { type AblyTokenRequest, canonicalCapability } from './auth/token-request.js';
export { type AblyHostOptions, ablyCapabilities, ablyLimits } from './capabilities.js';
export { ablyChannelName } from './channel-names.js';
export { authorizerFromEnv, publisherOptionsFromEnv } from './env.js';
export { toRealtimeError } from './errors.js';
export { loadFullSdk } from './load-sdk.js';
export { type AblyPublisherOptions, type AblyPublisherTransport, createPublisherTransport } from './publisher/publisher-transport.js';
export { type AblyWebhookOptions, ablyWebhooks } from './webhooks.js';

declare module '@switchboard/core' {
  interface PublisherProviders {
    /** `createPublisher({ provider: 'ably', ... })` options. */
    ably: AblyPublisherOptions;
  }
}

/** A publisher on Ably REST; pass it as `createPublisher({ adapter })` or use it directly. */
export function ablyPublisher(options: AblyPublisherOptions & PublisherCoreOptions): RealtimePublisher {
  return createPublisherFromTransport(createPublisherTransport(options), options);
}
