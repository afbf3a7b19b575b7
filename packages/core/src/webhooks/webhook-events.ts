/**
 * One typed stream of what providers report by webhook: Pusher's channel existence, presence and
 * client events, Ably's channel lifecycle, presence and messages, and the Socket.IO hub's own — each
 * event with its provider and the raw vendor payload, the way vercel/ai keeps vendor events in one
 * union.
 */

/** What every webhook event carries. */
interface WebhookEventBase {
  /** The provider that sent it (`pusher`, `ably`, `socket-io`). */
  provider: string;
  /** The channel as the provider names it. */
  channel: string;
  /** When the provider says it happened, ms since the epoch. */
  at: number;
  /** The vendor's own event, as received. */
  raw: unknown;
}

/** A channel got its first subscriber. */
export interface ChannelOccupiedEvent extends WebhookEventBase {
  /** The event's kind. */
  type: 'channel.occupied';
}

/** A channel lost its last subscriber. */
export interface ChannelVacatedEvent extends WebhookEventBase {
  /** The event's kind. */
  type: 'channel.vacated';
}

/** A user entered a presence channel (their first connection there). */
export interface MemberAddedEvent extends WebhookEventBase {
  /** The event's kind. */
  type: 'member.added';
  /** The user id. */
  userId: string;
}

/** A user left a presence channel (their last connection there). */
export interface MemberRemovedEvent extends WebhookEventBase {
  /** The event's kind. */
  type: 'member.removed';
  /** The user id. */
  userId: string;
}

/**
 * A member sent a client event (a whisper) to the channel's other members: Pusher's
 * `client_event` webhook, the hub's when it relayed one (`webhooks.clientEvents`), and Ably's
 * channel messages on a `<name>#client-events` channel. `channel` is the channel the event was
 * whispered on (for Ably, without the `#client-events` suffix).
 */
export interface ClientEventWebhook extends WebhookEventBase {
  /** The event's kind. */
  type: 'client.event';
  /** The client event's name as the contract declares it (`viewer:typing`; Pusher's `client-` prefix removed). */
  event: string;
  /** Its data, parsed when it is JSON (validated by the hub; as the sender sent it on Pusher and Ably). */
  data: unknown;
  /** The sender's user id: from its hub token, its Ably token's clientId, or Pusher's on presence channels. */
  userId?: string | undefined;
  /** The sender's connection id. */
  connectionId?: string | undefined;
}

/** A message was published on a channel (Ably channel messages, the hub's publishes). */
export interface MessageWebhook extends WebhookEventBase {
  /** The event's kind. */
  type: 'message';
  /** The event name. */
  event: string;
  /** The message id. */
  id?: string | undefined;
  /** The message data, parsed when it is JSON. */
  data: unknown;
}

/** A user was disconnected by the server (the hub's `disconnectUser`). */
export interface UserDisconnectedEvent extends Omit<WebhookEventBase, 'channel'> {
  /** The event's kind. */
  type: 'user.disconnected';
  /** The user id. */
  userId: string;
}

/** Every event a webhook handler emits. */
export type WebhookEvent =
  | ChannelOccupiedEvent
  | ChannelVacatedEvent
  | MemberAddedEvent
  | MemberRemovedEvent
  | ClientEventWebhook
  | MessageWebhook
  | UserDisconnectedEvent;

/** A JSON value parsed when it can be, else the text. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
