/**
 * @switchboard/socket-io — the self-hosted provider of Switchboard, on Socket.IO 4. This entry is
 * for servers: the hub, the publisher (in-process, over the hub's signed HTTP endpoint, or through
 * Redis from workers) and the authorizer that signs handshake tokens. Browsers import
 * `@switchboard/socket-io/subscriber`.
 *
 * @module @switchboard/socket-io
 */

import type { SocketIoPublisherOptions } from './publisher/publisher-transport.js';
import type { SocketIoSubscriberOptions } from './subscriber/subscriber-options.js';

export { type SocketIoAuthorizerOptions, socketIoAuthorizer } from './auth/authorizer.js';
export { MIN_SECRET_BYTES } from './auth/hub-keys.js';
export {
  HUB_TOKEN_AUDIENCE,
  type HubTokenPayload,
  type SignHubTokenOptions,
  signHubToken,
  type VerifyHubTokenOptions,
  verifyHubToken,
} from './auth/hub-token.js';
export { type RequestToSign, type RequestToVerify, signRequest, verifyRequest } from './auth/request-signature.js';
export { PROVIDER, socketIoCapabilities, socketIoLimits } from './constants.js';
export { attachToServer, authorizerFromEnv, publisherOptionsFromEnv } from './env.js';
export {
  type ChannelOccupancy,
  createHub,
  DEFAULT_CONNECTION_LIMITS,
  type Hub,
  type HubAdminClient,
  type HubAdminClientOptions,
  type HubConnectionLimits,
  type HubDropOptions,
  type HubMessage,
  type HubOptions,
  type HubRedisOptions,
  type HubWebhookOptions,
  type HubWebhookSourceOptions,
  hubAdminClient,
  hubWebhooks,
} from './hub/index.js';
export type { HttpPublisherOptions } from './publisher/http-transport.js';
export type { InProcessPublisherOptions } from './publisher/in-process-transport.js';
export { createPublisherTransport, type SocketIoPublisherOptions, socketIoPublisher } from './publisher/publisher-transport.js';
export type { RedisPublisherOptions } from './publisher/redis-transport.js';

declare module '@switchboard/core' {
  interface PublisherProviders {
    /** `createPublisher({ provider: 'socket-io', ... })` options. */
    'socket-io': SocketIoPublisherOptions;
  }
  interface SubscriberProviders {
    'socket-io': SocketIoSubscriberOptions;
  }
}
