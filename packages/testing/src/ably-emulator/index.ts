/**
 * @switchboard/testing/ably-emulator — a local server that speaks Ably's REST API and realtime JSON
 * protocol, so the real `ably` SDK can be tested without an account or network.
 *
 * @module @switchboard/testing/ably-emulator
 */
export { AblyError } from './ably-error.js';
export { type Capability, canonicalCapability } from './capability.js';
export type { ApiKeyOptions, TokenDetails } from './credentials.js';
export { Action, Flag, Mode, PresenceAction } from './protocol.js';
export { type AblyEmulator, type AblyEmulatorOptions, type DropAllOptions, startAblyEmulator } from './start-ably-emulator.js';
export type { AblyWebhookTarget } from './webhook-sender.js';
