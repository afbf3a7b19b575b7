/**
 * @switchboard/react — hooks over a Switchboard subscriber that survive React's lifecycles: one
 * provider subscription per channel shared by every component, handlers that change without
 * resubscribing, StrictMode-safe mounts, and no connection during server rendering.
 *
 * @module @switchboard/react
 */
export { RealtimeProvider, type RealtimeProviderProps, useSubscriber } from './realtime-provider.js';
export { useChannel } from './use-channel.js';
export type { ChannelHookOptions, ChannelSubscriptionState } from './use-channel-subscription.js';
export { useConnectionState } from './use-connection-state.js';
export { useEvent } from './use-event.js';
export { type PresenceState, type UsePresenceOptions, usePresence } from './use-presence.js';
