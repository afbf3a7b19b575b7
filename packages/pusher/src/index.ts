/**
 * @switchboard/pusher — the Pusher Channels adapter, server side: a publisher on the `pusher` Node
 * SDK, the channel authorizer for the shared auth handler, and the logical ↔ Pusher name mapping.
 * Browsers import `@switchboard/pusher/subscriber` (pusher-js) instead.
 *
 * @module @switchboard/pusher
 */
import type { PusherPublisherOptions } from './publisher.js';

export {
  type PusherAuthorizerOptions,
  type PusherChannelAuthorization,
  type PusherUserAuthentication,
  pusherAuthorizer,
} from './authorizer.js';
export { PUSHER_PROVIDER, pusherCapabilities, pusherLimits } from './capabilities.js';
export {
  decodeChannelBody,
  encodeChannelBody,
  fromPusherChannelName,
  MAX_PUSHER_CHANNEL_NAME_LENGTH,
  pusherChannelName,
  toPusherChannelName,
} from './channel-names.js';
export { authorizerFromEnv, publisherOptionsFromEnv } from './env.js';
export { PRESENCE_DATA_FIELD, PRESENCE_MODE_FIELD, type PresenceUserInfo, WATCHER_USER_ID } from './presence-fields.js';
export { type MemoryPresenceRecordOptions, memoryPresenceRecord, type PusherPresenceRecord } from './presence-record.js';
export { createPublisherTransport, type PusherPublisherOptions, pusherPublisher } from './publisher.js';
export { type PusherWebhookOptions, pusherWebhooks } from './webhooks.js';

declare module '@switchboard/core' {
  interface PublisherProviders {
    /** `createPublisher({ provider: 'pusher', ... })` options. */
    pusher: PusherPublisherOptions;
  }
}
