/**
 * @switchboard/core/server — what only a backend runs: publishers (by provider name, from a
 * transport or from the environment), the authorizer from the environment, access rules, the
 * realtime-or-push notifier and the outbox types. The auth handler itself is `@switchboard/core/auth`;
 * channel definitions come from `@switchboard/core/client`, shared with browsers (errors and the
 * channel types are re-exported here for convenience).
 *
 * Access rules belong here, beside the auth handler and the hub (Laravel's `routes/channels.php`
 * is the precedent): a rule is app code — often with a database client — that must never reach a
 * browser bundle, so the shared contract file declares channels and schemas only.
 *
 * @module @switchboard/core/server
 */
export { type AccessResult, type AccessRuleEntry, type AccessRules, allow, checkAccess, ownerOnly } from './access.js';
export type {
  AttachedProvider,
  AttachToServerInput,
  EnvironmentVariables,
  PublisherModule,
  SubscriberModule,
} from './adapter-modules.js';
export type { AuthorizeInput, ChannelCheck, ProviderAuthorizer } from './auth/authorizer.js';
export { assertChannelAllowed, type ChannelChecker, createChannelChecker } from './auth/channel-checker.js';
export type { AdapterDescription, Capabilities, Capability, ProviderLimits } from './capabilities.js';
export type { AnyChannelDefinition, AuthUser, ChannelRef } from './channel.js';
export { matchChannel, parseChannelName } from './channel-match.js';
export { assertDistinctTemplates, templateOverlap } from './channel-overlap.js';
export { type CreatePublisherOptions, createPublisher, type PublisherProviders } from './create-publisher.js';
export {
  authorizerFromEnv,
  type EnvPublisherOptions,
  providerFromEnv,
  publisherFromEnv,
  publisherOptionsFromEnv,
} from './env.js';
export { REALTIME_ERROR_CODES, RealtimeError, type RealtimeErrorCode, type RealtimeErrorOptions } from './errors.js';
export { type HealthReason, type HealthReasonCode, type HealthStatus, healthReason, worstStatus } from './health/health-report.js';
export type { MessageRates, ProviderStats, PublisherStats } from './health/provider-stats.js';
export type { PublishHealthOptions } from './health/publish-health.js';
export type { HistoryRequest } from './history/history-endpoint.js';
export type { HistoryMessage, HistoryPage, HistoryQuery } from './history/history-query.js';
export type { HistoryStore } from './history/history-store.js';
export type { HistoryRetention } from './history/retention.js';
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
export { type ProviderDefinition, registeredProviders, registerProvider } from './providers.js';
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
export { type ProviderAnnouncement, providerAnnouncements } from './switch/announcement-channel.js';
export {
  createProviderSwitch,
  type MigrationWindow,
  type ProviderSwitch,
  type ProviderSwitchOptions,
  type SwitchableProvider,
} from './switch/provider-switch.js';
export type { HubBroadcastMessage, HubObserver } from './telemetry/hub-observer.js';
export type { ObservedSend, PublishObserver } from './telemetry/publish-observer.js';
export { defineUserEvents, type UserEventsDefinition, type UserStreamRef } from './user-events.js';
export { formatIssues, issuesError, validateWithSchema } from './validation.js';
export { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from './validation-policy.js';
