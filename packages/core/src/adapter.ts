/**
 * @switchboard/core/adapter — for adapter authors: the transport contract an adapter implements,
 * the envelope codec, capabilities, the modules core loads by provider name, the provider
 * registry, readers that validate an adapter's environment variables, and the adapter kit every
 * subscriber transport is built on (connection-state machine, the one auth-endpoint fetch with its
 * status → code map, the refusal shape, the peer loader). Browser-safe, so an adapter's subscriber
 * may import it.
 *
 * @module @switchboard/core/adapter
 */
export type {
  AttachedProvider,
  AttachToServerInput,
  EnvironmentVariables,
  PublisherModule,
  SubscriberModule,
} from './adapter-modules.js';
export { assertAuthUser, MAX_USER_ID_LENGTH, RESERVED_USER_ID_PREFIX, userIdProblem } from './auth/auth-user.js';
export type { AuthorizeInput, ChannelCheck, ProviderAuthorizer } from './auth/authorizer.js';
export { type AdapterDescription, type Capabilities, type Capability, type ProviderLimits, requireCapability } from './capabilities.js';
export type { AnyChannelDefinition, AuthUser, ChannelAccess, ChannelRef } from './channel.js';
export {
  type ClientEventCarrier,
  type ClientEventTransport,
  DEFAULT_CLIENT_EVENTS_PER_SECOND,
  type InboundClientEvent,
} from './client-events/client-event-carrier.js';
export { assertClientEventDeclarations, clientEventSchema, declaresClientEvents } from './client-events/client-event-rules.js';
export { createSlidingWindow, type SlidingWindow, type SlidingWindowSlot } from './client-events/sliding-window.js';
export { booleanVariable, optionalVariable, portVariable, requiredVariable, urlVariable, variableError } from './env-variables.js';
export {
  createMessageId,
  type Envelope,
  encodeEnvelope,
  jsonByteLength,
  jsonSizeOverLimit,
  PROTOCOL_VERSION,
  parseEnvelope,
  READABLE_PROTOCOL_VERSIONS,
  type WireEnvelope,
} from './envelope.js';
export { REALTIME_ERROR_CODES, RealtimeError, type RealtimeErrorCode, type RealtimeErrorOptions, unsupported } from './errors.js';
export { type HealthReason, type HealthReasonCode, type HealthStatus, healthReason, worstStatus } from './health/health-report.js';
export type { ProviderStats } from './health/provider-stats.js';
export { type ConnectionStateMachine, createConnectionState } from './kit/connection-state.js';
export {
  AUTH_ENDPOINT_CREDENTIALS,
  type AuthHeaders,
  type CredentialFetchOptions,
  codeForStatus,
  fetchCredential,
  retryAfterMs,
} from './kit/credential-fetch.js';
export { loadChunk } from './kit/lazy-chunk.js';
export { isMissingModule, loadPeer } from './kit/peer-loader.js';
export { subscriptionRefused } from './kit/subscription-refusal.js';
export type { PresenceEvent, PresenceMember } from './presence.js';
export {
  loadAdapterModule,
  type ProviderDefinition,
  type ProviderName,
  type ProviderRegistry,
  registeredProviders,
  registerProvider,
} from './providers.js';
export {
  type AttachOptions,
  type ChannelSink,
  type ConnectionState,
  type GapInfo,
  type HealthReport,
  type InboundMessage,
  type OutboundMessage,
  type PresenceConnection,
  type PresenceTransportEvent,
  type PublisherTransport,
  SPECIFICATION_VERSION,
  type StateChange,
  type SubscriberTransport,
} from './transport.js';
