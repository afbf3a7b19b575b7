/**
 * @switchboard/vue — composables over a Switchboard subscriber that follow Vue's component
 * lifecycles: subscribe on mount, resubscribe when reactive params change, release on unmount, one
 * provider subscription per channel shared by every component, and no connection during server
 * rendering (Nuxt).
 *
 * @module @switchboard/vue
 */
export type { ChannelSubscriptionState, PresenceState } from '@switchboard/core/client';
export {
  createSwitchboard,
  injectSwitchboard,
  provideSwitchboard,
  type SwitchboardContext,
  type SwitchboardSource,
  useSubscriber,
} from './switchboard-context.js';
export { useChannel } from './use-channel.js';
export type { ChannelComposableOptions } from './use-channel-subscription.js';
export { useConnectionState } from './use-connection-state.js';
export { useEvent } from './use-event.js';
export { type UsePresenceOptions, usePresence } from './use-presence.js';
