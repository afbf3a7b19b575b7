/**
 * @switchboard/core — everything at once, for servers and for code written before the entries by
 * audience: prefer `@switchboard/core/client` in browsers and React Native (channel definitions,
 * `createSubscriber`), `@switchboard/core/server` on backends (publishers, access rules, the
 * environment) and `@switchboard/core/adapter` when writing an adapter. Nothing here imports an
 * adapter statically.
 *
 * @module @switchboard/core
 */
export { type AccessResult, type AccessRuleEntry, type AccessRules, allow, checkAccess, ownerOnly } from './access.js';
export type {
  AttachedProvider,
  AttachToServerInput,
  EnvironmentVariables,
  PublisherModule,
  SubscriberModule,
} from './adapter-modules.js';
export { assertAuthUser, MAX_USER_ID_LENGTH, RESERVED_USER_ID_PREFIX, userIdProblem } from './auth/auth-user.js';
export type { AuthorizeInput, ChannelCheck, ProviderAuthorizer } from './auth/authorizer.js';
export { assertChannelAllowed, type ChannelChecker, createChannelChecker } from './auth/channel-checker.js';
export {
  type AuthEndpointOptions,
  type AuthHeaders,
  discoverProvider,
  type ProviderDiscovery,
  type SubscriberAdapterLoaders,
} from './auth/provider-discovery.js';
export {
  type AdapterDescription,
  type Capabilities,
  type Capability,
  type ProviderLimits,
  requireCapability,
} from './capabilities.js';
export {
  type AccessDecision,
  type AccessRule,
  type AnyChannelDefinition,
  type AuthUser,
  assertChannelRef,
  assertEventName,
  CHANNEL_SEPARATOR,
  type ChannelAccess,
  type ChannelDefinition,
  type ChannelOptions,
  type ChannelParams,
  type ChannelRef,
  type ClientEventData,
  type ClientEventInput,
  type ClientEventName,
  type ClientEventsOf,
  defineChannel,
  type EventData,
  type EventInput,
  type EventName,
  type EventSchemas,
  type EventsOf,
  isChannelDefinition,
  MAX_CHANNEL_NAME_LENGTH,
  type NoClientEvents,
  PARAM_VALUE_PATTERN,
  type ParsedParams,
  type PresenceDataOf,
} from './channel.js';
export { matchChannel, parseChannelName } from './channel-match.js';
export { assertDistinctTemplates, templateOverlap } from './channel-overlap.js';
export {
  type ClientEventCarrier,
  type ClientEventTransport,
  DEFAULT_CLIENT_EVENTS_PER_SECOND,
  type InboundClientEvent,
} from './client-events/client-event-carrier.js';
export { assertClientEventDeclarations, clientEventSchema, declaresClientEvents } from './client-events/client-event-rules.js';
export { createSlidingWindow, type SlidingWindow, type SlidingWindowSlot } from './client-events/sliding-window.js';
export {
  listenForWhisper,
  type WhisperHandler,
  type WhisperListenOptions,
  type WhisperMeta,
  type WhisperSubscription,
  whisper,
} from './client-events/whisper.js';
export { type CreatePublisherOptions, createPublisher, type PublisherProviders } from './create-publisher.js';
export {
  type AuthEndpointSubscriberOptions,
  type CreateSubscriberOptions,
  createSubscriber,
  type SubscriberProviders,
} from './create-subscriber.js';
export {
  authorizerFromEnv,
  type EnvPublisherOptions,
  providerFromEnv,
  publisherFromEnv,
  publisherOptionsFromEnv,
} from './env.js';
export { booleanVariable, optionalVariable, portVariable, requiredVariable, urlVariable, variableError } from './env-variables.js';
export {
  createMessageId,
  type Envelope,
  encodeEnvelope,
  jsonByteLength,
  jsonSizeOverLimit,
  PROTOCOL_VERSION,
  parseEnvelope,
  parseEnvelopeWithTrace,
  READABLE_PROTOCOL_VERSIONS,
  type WireEnvelope,
} from './envelope.js';
export { REALTIME_ERROR_CODES, RealtimeError, type RealtimeErrorCode, type RealtimeErrorOptions, unsupported } from './errors.js';
export { type HealthReason, type HealthReasonCode, type HealthStatus, healthReason, worstStatus } from './health/health-report.js';
export type { MessageRates, ProviderStats, PublisherStats } from './health/provider-stats.js';
export type { PublishHealthOptions } from './health/publish-health.js';
export { type SubscriberHealthOptions, type SubscriberHealthWatch, watchSubscriberHealth } from './health/subscriber-health.js';
export { createHistoryClient, type EnvelopePage, type HistoryClient, type HistoryClientOptions } from './history/history-client.js';
export type { HistoryRequest } from './history/history-endpoint.js';
export type { HistoryMessage, HistoryPage, HistoryQuery } from './history/history-query.js';
export type { HistoryStore } from './history/history-store.js';
export type { HistoryRetention } from './history/retention.js';
export type { Rewind } from './history/rewind.js';
export { type CatchUpOptions, type SubscriberHistory, withHistoryCatchUp } from './history/subscriber-catch-up.js';
export type { FallbackNotification, FallbackResult, NotificationFallback } from './notify/fallback.js';
export {
  createNotifier,
  type Notifier,
  type NotifierOptions,
  type NotifyInput,
  type NotifyResult,
  type RecipientPresence,
} from './notify/notifier.js';
export type { OutboxEntry, OutboxRecord, PublisherOutbox } from './outbox/outbox.js';
export { membersByUser, type PresenceEvent, type PresenceMember, PresenceRoster } from './presence.js';
export { DEFAULT_MAX_PRESENCE_DATA_BYTES } from './presence-validation.js';
export {
  loadAdapterModule,
  type ProviderDefinition,
  type ProviderName,
  type ProviderRegistry,
  registeredProviders,
  registerProvider,
} from './providers.js';
export {
  type BatchEntry,
  createPublisherFromTransport,
  type PresenceDataSource,
  type PublisherCoreOptions,
  type PublishOptions,
  type PublishResult,
  type RealtimePublisher,
  type ServerPresence,
  type ServerPresenceMember,
  type ServerPresenceMemberIdOnly,
  type ServerPresenceMemberOf,
  type ServerPresenceMemberWithData,
} from './publisher.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isRetriable,
  RETRY_PRESETS,
  type RetryOptions,
  type RetryPolicy,
  type RetryPreset,
  type RetryReach,
  resolveRetry,
  retryReach,
  SERVERLESS_RETRY,
  withRetry,
} from './retry.js';
export { DEFAULT_SERVER_PROVIDER, realtimeFromEnv, type ServerRealtime, type ServerRealtimeOptions } from './server-realtime.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export { subscribeUser } from './subscriber/subscribe-user.js';
export {
  createSubscriberFromTransport,
  type ErrorContext,
  type EventHandler,
  type EventHandlers,
  type MessageMeta,
  type PresenceChannel,
  type RealtimeSubscriber,
  type SubscribeOptions,
  type SubscriberCoreOptions,
  type Subscription,
} from './subscriber.js';
export { type ProviderAnnouncement, providerAnnouncements } from './switch/announcement-channel.js';
export type { ProviderChange } from './switch/provider-change.js';
export {
  createProviderSwitch,
  type MigrationWindow,
  type ProviderSwitch,
  type ProviderSwitchOptions,
  type SwitchableProvider,
} from './switch/provider-switch.js';
export type { HubBroadcastMessage, HubObserver } from './telemetry/hub-observer.js';
export type { ObservedSend, PublishObserver } from './telemetry/publish-observer.js';
export {
  type AttachOptions,
  type ChannelSink,
  type ConnectionState,
  type GapInfo,
  type HealthReport,
  type InboundMessage,
  type MessageFailure,
  type OutboundMessage,
  type PresenceConnection,
  type PresenceTransportEvent,
  type PublisherTransport,
  type SendOutcome,
  SPECIFICATION_VERSION,
  type StateChange,
  type SubscriberTransport,
} from './transport.js';
export {
  assertUserStream,
  defineUserEvents,
  isUserStream,
  USER_STREAM_TEMPLATE,
  type UserEventsDefinition,
  type UserEventsOptions,
  type UserStreamRef,
} from './user-events.js';
export { formatIssues, issuesError, validateWithSchema } from './validation.js';
export { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from './validation-policy.js';
