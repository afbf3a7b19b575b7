/**
 * @switchboard/core/client — what a browser or a React Native app needs: channel definitions,
 * `createSubscriber`, the subscriber types and errors. Nothing here reaches the publisher, the
 * environment, access rules or the auth handler, and nothing needs `window`, `document` or
 * `location`: only `fetch` and `WebSocket` (see docs/react-native.md).
 *
 * Declare channels in a contract file both sides import; attach access rules on the server
 * (`allow(channel, rule)` from `@switchboard/core/server`), never in the contract.
 *
 * @module @switchboard/core/client
 */
export type { AuthEndpointOptions, AuthHeaders, ProviderDiscovery, SubscriberAdapterLoaders } from './auth/provider-discovery.js';
export {
  bindChannel,
  type ChannelBinding,
  type ChannelListenerOptions,
  type ChannelSubscriptionState,
} from './bindings/channel-binding.js';
export { bindPresence, type PresenceBinding, type PresenceState } from './bindings/presence-binding.js';
export { holdPresence, type PresenceHolder, presenceDataChanged } from './bindings/presence-membership.js';
export type { AdapterDescription, Capabilities, Capability, ProviderLimits } from './capabilities.js';
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
export {
  listenForWhisper,
  type WhisperHandler,
  type WhisperListenOptions,
  type WhisperMeta,
  type WhisperSubscription,
  whisper,
} from './client-events/whisper.js';
export {
  type AuthEndpointSubscriberOptions,
  type CreateSubscriberOptions,
  createSubscriber,
  type SubscriberProviders,
} from './create-subscriber.js';
export { REALTIME_ERROR_CODES, RealtimeError, type RealtimeErrorCode, type RealtimeErrorOptions } from './errors.js';
export type { HealthReason, HealthReasonCode, HealthStatus } from './health/health-report.js';
export { type SubscriberHealthOptions, type SubscriberHealthWatch, watchSubscriberHealth } from './health/subscriber-health.js';
export { createHistoryClient, type EnvelopePage, type HistoryClient, type HistoryClientOptions } from './history/history-client.js';
export type { HistoryMessage, HistoryPage, HistoryQuery } from './history/history-query.js';
export type { HistoryRetention } from './history/retention.js';
export type { Rewind } from './history/rewind.js';
export type { CatchUpOptions, SubscriberHistory } from './history/subscriber-catch-up.js';
export type { PresenceEvent, PresenceMember } from './presence.js';
export type { ProviderName, ProviderRegistry } from './providers.js';
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
export type { ProviderChange } from './switch/provider-change.js';
export type { ConnectionState, GapInfo, StateChange, SubscriberTransport } from './transport.js';
export {
  assertUserStream,
  defineUserEvents,
  isUserStream,
  USER_STREAM_TEMPLATE,
  type UserEventsDefinition,
  type UserEventsOptions,
  type UserStreamRef,
} from './user-events.js';
export type { ValidationPolicy } from './validation-policy.js';
