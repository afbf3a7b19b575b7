/**
 * `ablyWebhooks`: Ably's enveloped webhooks as a source of `createWebhookHandler`
 * (`@switchboard/core/webhooks`). Ably signs the body with an API key: `X-Ably-Key` names the key,
 * `X-Ably-Signature` is the base64 HMAC-SHA256 of the body with its secret. Channel lifecycle
 * (opened/closed), presence (enter/leave) and channel messages become the shared events; messages
 * on a client-event channel (`<name>#client-events`, where whispers travel) become client events.
 */
import { RealtimeError } from '@switchboard/core';
import {
  hmacSha256,
  parseMaybeJson,
  timingSafeEqualText,
  toBase64,
  type WebhookEvent,
  type WebhookSource,
} from '@switchboard/core/webhooks';
import { CLIENT_EVENT_CHANNEL_SUFFIX } from './client-event-channel.js';
import { PROVIDER } from './errors.js';

/** Options of {@link ablyWebhooks}. */
export interface AblyWebhookOptions {
  /** The API key the webhook rule signs with (`appId.keyId:secret`). */
  apiKey: string;
}

interface AblyWebhookItem {
  webhookId?: string;
  source?: string;
  name?: string;
  timestamp?: number;
  data?: {
    channelId?: string;
    messages?: Array<{
      id?: string;
      name?: string;
      data?: unknown;
      encoding?: string;
      timestamp?: number;
      clientId?: string;
      connectionId?: string;
    }>;
    presence?: Array<{ action?: number | string; clientId?: string; timestamp?: number }>;
  };
}

const ENTER = new Set([2, 'enter']);
const LEAVE = new Set([3, 'leave']);

function eventsOf(item: AblyWebhookItem): WebhookEvent[] {
  const channel = String(item.data?.channelId ?? '');
  const at = typeof item.timestamp === 'number' ? item.timestamp : Date.now();
  const base = { provider: PROVIDER, channel, at, raw: item };
  if (item.name === 'channel.opened') return [{ ...base, type: 'channel.occupied' }];
  if (item.name === 'channel.closed') return [{ ...base, type: 'channel.vacated' }];
  if (item.source === 'channel.presence') {
    return (item.data?.presence ?? []).flatMap((member): WebhookEvent[] => {
      const userId = String(member.clientId ?? '');
      if (ENTER.has(member.action as number)) return [{ ...base, type: 'member.added', userId }];
      if (LEAVE.has(member.action as number)) return [{ ...base, type: 'member.removed', userId }];
      return [];
    });
  }
  if (item.source === 'channel.message' && channel.endsWith(CLIENT_EVENT_CHANNEL_SUFFIX)) {
    // Client events travel on their own channel beside the one they belong to.
    const whisperedOn = { ...base, channel: channel.slice(0, -CLIENT_EVENT_CHANNEL_SUFFIX.length) };
    return (item.data?.messages ?? []).map((message) => ({
      ...whisperedOn,
      type: 'client.event' as const,
      event: String(message.name ?? ''),
      data: message.encoding === 'json' ? parseMaybeJson(message.data) : message.data,
      userId: message.clientId,
      connectionId: message.connectionId,
    }));
  }
  if (item.source === 'channel.message') {
    return (item.data?.messages ?? []).map((message) => ({
      ...base,
      type: 'message' as const,
      event: String(message.name ?? ''),
      id: message.id,
      data: message.encoding === 'json' ? parseMaybeJson(message.data) : message.data,
    }));
  }
  return [];
}

/** Ably's webhooks, verified with the API key they are signed with. */
export function ablyWebhooks(options: AblyWebhookOptions): WebhookSource {
  const separator = options?.apiKey?.indexOf(':') ?? -1;
  if (separator <= 0)
    throw new RealtimeError('CONFIG', 'ablyWebhooks needs the API key the webhooks are signed with (appId.keyId:secret)', {
      provider: PROVIDER,
    });
  const keyName = options.apiKey.slice(0, separator);
  const keySecret = options.apiKey.slice(separator + 1);
  return {
    provider: PROVIDER,
    matches: (headers) => headers.has('x-ably-signature'),
    async verify(headers, body) {
      if (headers.get('x-ably-key') !== keyName) return undefined;
      const expected = toBase64(await hmacSha256(keySecret, body));
      if (!timingSafeEqualText(expected, headers.get('x-ably-signature') ?? '')) return undefined;
      const parsed = JSON.parse(body) as { items?: unknown };
      if (!Array.isArray(parsed.items) || parsed.items.length === 0) throw new Error('expected { items: [...] }');
      const items = parsed.items as AblyWebhookItem[];
      const sentAt = Math.min(...items.map((item) => (typeof item.timestamp === 'number' ? item.timestamp : 0)));
      return { deliveryId: expected, sentAt, events: items.flatMap(eventsOf) };
    },
  };
}
