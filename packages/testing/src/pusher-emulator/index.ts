/**
 * The Pusher Channels emulator: `startPusherEmulator({ appId, key, secret })` runs the WebSocket
 * protocol and the HTTP API locally, so the real SDKs can be tested without an account.
 *
 * @module @switchboard/testing/pusher-emulator
 */
export type { PusherEmulator, PusherEmulatorOptions, RecordedRequest } from './emulator.js';
export { startPusherEmulator } from './emulator.js';
export { PUSHER_LIMITS } from './limits.js';
export { md5Hex, requestSigningText, signChannel, signRequest } from './signatures.js';
export type { PusherWebhookTarget } from './webhook-sender.js';
