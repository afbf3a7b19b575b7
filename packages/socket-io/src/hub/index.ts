/**
 * @switchboard/socket-io/hub — the self-hosted realtime server: Socket.IO with signed handshakes,
 * access rules on every subscription, presence, connection-state recovery, a signed HTTP publish
 * endpoint, signed admin endpoints (metrics, stats, occupancy, disconnect-user) and Redis scale-out.
 *
 * @module @switchboard/socket-io/hub
 */
export { type HubAdminClient, type HubAdminClientOptions, hubAdminClient } from './admin-client.js';
export { bufferedBytes, DEFAULT_MAX_BUFFERED_BYTES } from './buffered-bytes-bound.js';
export { createHub } from './create-hub.js';
export { DEFAULT_CONNECTION_LIMITS, type HubConnectionLimits, type HubOptions, type HubRedisOptions } from './hub-options.js';
export type { ChannelOccupancy } from './hub-stats.js';
export type { Hub, HubDropOptions, HubMessage } from './hub-types.js';
export type { HubWebhookOptions } from './hub-webhooks.js';
export { type HubWebhookSourceOptions, hubWebhooks } from './webhook-source.js';
