/**
 * The emulator's webhooks, as Pusher sends them: `POST { time_ms, events: [...] }` to the app's
 * URL with `X-Pusher-Key` and `X-Pusher-Signature` (hex HMAC-SHA256 of the body with the app
 * secret). Events of one tick go in one delivery; a failed delivery is reported, not retried.
 */
import { createHmac } from 'node:crypto';
import type { RegistryEvent } from './channel-registry.js';

/** Where and how the emulator sends webhooks. */
export interface PusherWebhookTarget {
  /** The URL webhooks are POSTed to. */
  url: string;
  /**
   * Delay before a batch of events is sent (Pusher batches too).
   * @default 0
   */
  batchMs?: number;
  /**
   * Send `client_event` webhooks (the Pusher app's "Client events" webhook, set up apart from
   * channel existence and presence ones). Off: client events still reach the other clients, but
   * no webhook reports them.
   * @default true
   */
  clientEvents?: boolean;
}

export function webhookSender(target: PusherWebhookTarget, credentials: { key: string; secret: string }, now: () => number) {
  let pending: RegistryEvent[] = [];
  let scheduled = false;
  const deliveries: Promise<void>[] = [];
  const flush = () => {
    scheduled = false;
    const events = pending;
    pending = [];
    const body = JSON.stringify({ time_ms: now(), events });
    const signature = createHmac('sha256', credentials.secret).update(body).digest('hex');
    // One delivery at a time, in order: a batch is posted once the one before it was answered.
    const post = () =>
      fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pusher-key': credentials.key, 'x-pusher-signature': signature },
        body,
      });
    const delivery = (deliveries.at(-1) ?? Promise.resolve()).then(post).then(
      (response) => {
        if (!response.ok) console.warn(`[pusher emulator] webhook answered ${response.status}`);
      },
      (error: unknown) => console.warn(`[pusher emulator] webhook failed: ${(error as Error).message}`),
    );
    deliveries.push(delivery);
  };
  return {
    add(event: RegistryEvent) {
      if (event.name === 'client_event' && target.clientEvents === false) return;
      pending.push(event);
      if (scheduled) return;
      scheduled = true;
      setTimeout(flush, target.batchMs ?? 0);
    },
    /** Resolves once every delivery so far was answered. */
    async settled() {
      await Promise.all(deliveries);
    },
  };
}
