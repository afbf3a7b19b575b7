/**
 * `hubWebhooks`: the hub's own webhooks (hub-webhooks.ts) as a source of `createWebhookHandler`
 * (`@switchboard/core/webhooks`), verified with the hub secret: the v2 signature binds method,
 * host, path, time, a nonce and the body's digest, so a forged, edited or replayed delivery fails.
 */

import { RealtimeError } from '@switchboard/core';
import type { WebhookEvent, WebhookSource } from '@switchboard/core/webhooks';
import { assertHubSecret } from '../auth/hub-token.js';
import { bodySha256, SIGNATURE_HEADER, verifyRequest } from '../auth/request-signature.js';
import { PROVIDER } from '../constants.js';
import type { HubWebhookWireEvent } from './hub-webhooks.js';

/** Options of {@link hubWebhooks}. */
export interface HubWebhookSourceOptions {
  /** The hub secret (`SOCKET_IO_SECRET`). */
  secret: string;
  /** Hosts the deliveries may be addressed to besides the request's own (behind a proxy). */
  publicHosts?: readonly string[];
  /**
   * How far the delivery's time may be from this clock.
   * @default 300000
   */
  toleranceMs?: number;
}

function toEvent(raw: HubWebhookWireEvent, at: number): WebhookEvent | undefined {
  const base = { provider: PROVIDER, channel: String(raw.channel ?? ''), at, raw };
  if (raw.name === 'channel_occupied') return { ...base, type: 'channel.occupied' };
  if (raw.name === 'channel_vacated') return { ...base, type: 'channel.vacated' };
  if (raw.name === 'member_added') return { ...base, type: 'member.added', userId: String(raw.user_id) };
  if (raw.name === 'member_removed') return { ...base, type: 'member.removed', userId: String(raw.user_id) };
  if (raw.name === 'client_event') {
    const userId = raw.user_id === undefined ? undefined : String(raw.user_id);
    return { ...base, type: 'client.event', event: String(raw.event), data: raw.data, userId, connectionId: raw.socket_id };
  }
  if (raw.name === 'user_disconnected') return { provider: PROVIDER, at, raw, type: 'user.disconnected', userId: String(raw.user_id) };
  return undefined;
}

/** The Socket.IO hub's webhooks, verified with the hub secret. */
export function hubWebhooks(options: HubWebhookSourceOptions): WebhookSource {
  assertHubSecret(options?.secret, 'hubWebhooks: secret (SOCKET_IO_SECRET)');
  return {
    provider: PROVIDER,
    matches: (headers) => headers.has(SIGNATURE_HEADER),
    async verify(headers, body, request) {
      const url = new URL(request.url);
      const verdict = await verifyRequest(
        options.secret,
        {
          method: request.method,
          hosts: [url.host, ...(options.publicHosts ?? [])],
          path: `${url.pathname}${url.search}`,
          headers: Object.fromEntries(headers),
        },
        { toleranceMs: options.toleranceMs ?? 300_000 },
      );
      if (!verdict.ok || (await bodySha256(body)) !== verdict.contentSha256) return undefined;
      const parsed = JSON.parse(body) as { time_ms?: unknown; events?: unknown };
      if (!Array.isArray(parsed.events))
        throw new RealtimeError('MALFORMED_MESSAGE', 'expected { time_ms, events }', { provider: PROVIDER });
      const at = typeof parsed.time_ms === 'number' ? parsed.time_ms : verdict.timestamp;
      const events = (parsed.events as HubWebhookWireEvent[]).flatMap((raw) => toEvent(raw, at) ?? []);
      return { deliveryId: verdict.nonce, sentAt: verdict.timestamp, events };
    },
  };
}
