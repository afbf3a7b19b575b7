/**
 * @switchboard/svelte — Svelte 5 bindings over a Switchboard subscriber, as stores that work in
 * runes and legacy components alike: subscribe on mount, resubscribe when params (stores or
 * getters reading `$state`) change, release on destroy, one provider subscription per channel
 * shared by every component, and no connection during server rendering (SvelteKit).
 *
 * @module @switchboard/svelte
 */
export type { ChannelSubscriptionState, PresenceState } from '@switchboard/core/client';
export type { MaybeReactive } from './reactive-input.js';
export { getSubscriber, getSwitchboard, type SwitchboardContext, type SwitchboardSource, setSwitchboard } from './switchboard-context.js';
export { useChannel } from './use-channel.js';
export type { ChannelBindingOptions } from './use-channel-subscription.js';
export { useConnectionState } from './use-connection-state.js';
export { useEvent } from './use-event.js';
export { type UsePresenceOptions, usePresence } from './use-presence.js';
