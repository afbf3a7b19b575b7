/**
 * @switchboard/core/webhooks — one Web-standard endpoint for every provider's webhooks:
 * `createWebhookHandler({ sources, onEvent })` with `pusherWebhooks` (@switchboard/pusher),
 * `ablyWebhooks` (@switchboard/ably) and `hubWebhooks` (@switchboard/socket-io) as sources. Forged,
 * stale and replayed deliveries are refused; events arrive as one typed union.
 *
 * @module @switchboard/core/webhooks
 */
export type {
  ChannelOccupiedEvent,
  ChannelVacatedEvent,
  ClientEventWebhook,
  MemberAddedEvent,
  MemberRemovedEvent,
  MessageWebhook,
  UserDisconnectedEvent,
  WebhookEvent,
} from './webhook-events.js';
export { parseMaybeJson } from './webhook-events.js';
export { createWebhookHandler, type WebhookHandlerOptions } from './webhook-handler.js';
export { hmacSha256, timingSafeEqualText, toBase64, toHex } from './webhook-signature.js';
export type { VerifiedWebhook, WebhookRequestLine, WebhookSource } from './webhook-source.js';
