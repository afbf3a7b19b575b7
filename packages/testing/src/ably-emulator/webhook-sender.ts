/**
 * The emulator's webhooks, shaped as Ably's enveloped webhooks: `POST { items: [...] }`, each item
 * `{ webhookId, source, name, timestamp, data: { channelId, messages | presence } }`, signed with an
 * API key: `X-Ably-Key` names the key, `X-Ably-Signature` is the base64 HMAC-SHA256 of the body
 * with the key's secret. Batches are delivered one at a time, in the order their events happened.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { ChannelStoreEvent } from './channel-store.js';

/** Where and how the emulator sends webhooks. */
export interface AblyWebhookTarget {
  /** The URL webhooks are POSTed to. */
  url: string;
  /** The API key (`appId.keyId:secret`) that signs them. */
  apiKey: string;
}

export function ablyWebhookSender(target: AblyWebhookTarget, clock: () => number) {
  const separator = target.apiKey.indexOf(':');
  const keyName = target.apiKey.slice(0, separator);
  const keySecret = target.apiKey.slice(separator + 1);
  let pending: ChannelStoreEvent[] = [];
  let scheduled = false;
  /** Deliveries go one at a time, in order: a batch is posted once the one before it was answered. */
  let previous: Promise<unknown> = Promise.resolve();
  const flush = () => {
    scheduled = false;
    const items = pending.map((event) => ({
      webhookId: randomUUID(),
      source: event.source,
      name: event.name,
      timestamp: clock(),
      data: {
        channelId: event.channel,
        site: 'emulator',
        ...(event.messages ? { messages: event.messages.map(({ sequence: _sequence, ...message }) => message) } : {}),
        ...(event.presence ? { presence: event.presence } : {}),
      },
    }));
    pending = [];
    const body = JSON.stringify({ items });
    const signature = createHmac('sha256', keySecret).update(body).digest('base64');
    const post = () =>
      fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ably-key': keyName, 'x-ably-signature': signature },
        body,
      });
    previous = previous.then(post).then(
      (response) => {
        if (!response.ok) console.warn(`[ably emulator] webhook answered ${response.status}`);
      },
      (error: unknown) => console.warn(`[ably emulator] webhook failed: ${(error as Error).message}`),
    );
  };
  return (event: ChannelStoreEvent) => {
    pending.push(event);
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };
}
