/**
 * `pusherWebhooks`: Pusher Channels webhooks as a source of `createWebhookHandler`
 * (`@switchboard/core/webhooks`). Pusher signs the body with the app secret (`X-Pusher-Signature`,
 * hex HMAC-SHA256) and names the app key (`X-Pusher-Key`); `time_ms` dates the delivery.
 * channel_occupied/vacated, member_added/removed and client_event become the shared events.
 */

import { RealtimeError } from '@switchboard/core';
import { hmacSha256, parseMaybeJson, timingSafeEqualText, toHex, type WebhookEvent, type WebhookSource } from '@switchboard/core/webhooks';
import { PUSHER_PROVIDER } from './capabilities.js';

/** Options of {@link pusherWebhooks}. */
export interface PusherWebhookOptions {
  /** The app key (`PUSHER_KEY`): deliveries naming another key are not this app's. */
  key: string;
  /** The app secret (`PUSHER_SECRET`) the body is signed with. */
  secret: string;
}

interface PusherWebhookEvent {
  name?: string;
  channel?: string;
  user_id?: string;
  event?: string;
  data?: string;
  socket_id?: string;
}

function toEvent(raw: PusherWebhookEvent, at: number): WebhookEvent | undefined {
  const base = { provider: PUSHER_PROVIDER, channel: String(raw.channel ?? ''), at, raw };
  switch (raw.name) {
    case 'channel_occupied':
      return { ...base, type: 'channel.occupied' };
    case 'channel_vacated':
      return { ...base, type: 'channel.vacated' };
    case 'member_added':
      return { ...base, type: 'member.added', userId: String(raw.user_id) };
    case 'member_removed':
      return { ...base, type: 'member.removed', userId: String(raw.user_id) };
    case 'client_event':
      return {
        ...base,
        type: 'client.event',
        // The name the contract declares: pusher-js sends `client-<event>` (raw keeps it).
        event: String(raw.event).replace(/^client-/, ''),
        data: parseMaybeJson(raw.data),
        userId: raw.user_id,
        connectionId: raw.socket_id,
      };
    default:
      // cache_miss, subscription_count: not part of the shared stream.
      return undefined;
  }
}

/** Pusher's webhooks, verified with the app secret. */
export function pusherWebhooks(options: PusherWebhookOptions): WebhookSource {
  if (!options?.key || !options.secret)
    throw new RealtimeError('CONFIG', 'pusherWebhooks needs the app key and secret', { provider: PUSHER_PROVIDER });
  return {
    provider: PUSHER_PROVIDER,
    matches: (headers) => headers.has('x-pusher-signature'),
    async verify(headers, body) {
      if (headers.get('x-pusher-key') !== options.key) return undefined;
      const expected = toHex(await hmacSha256(options.secret, body));
      if (!timingSafeEqualText(expected, headers.get('x-pusher-signature') ?? '')) return undefined;
      const parsed = JSON.parse(body) as { time_ms?: unknown; events?: unknown };
      if (typeof parsed.time_ms !== 'number' || !Array.isArray(parsed.events)) throw new Error('expected { time_ms, events }');
      const at = parsed.time_ms;
      const events = (parsed.events as PusherWebhookEvent[]).flatMap((raw) => toEvent(raw, at) ?? []);
      return { deliveryId: expected, sentAt: at, events };
    },
  };
}
