/**
 * What a provider package implements so `createWebhookHandler` can take its webhooks: recognise
 * its requests, verify their signature over the exact body, and decode them into the shared
 * events. Verification is the source's; freshness and replays are the handler's.
 */
import type { WebhookEvent } from './webhook-events.js';

/** One verified delivery. */
export interface VerifiedWebhook {
  /**
   * A value unique to this delivery (its signature, or the provider's id): a second request with
   * the same value within the tolerance is a replay and is refused.
   */
  deliveryId: string;
  /** When the provider sent it, ms since the epoch; too old or too far ahead is refused. */
  sentAt: number;
  /** The decoded events, in order. */
  events: WebhookEvent[];
}

/** The request line of a delivery, for schemes that sign it (the hub's). */
export interface WebhookRequestLine {
  /** HTTP method. */
  method: string;
  /** The full URL the delivery was received on. */
  url: string;
}

/** A provider's webhooks. */
export interface WebhookSource {
  /** The provider's name. */
  readonly provider: string;
  /** Whether the request is this provider's (by its headers). */
  matches(headers: Headers): boolean;
  /**
   * Verifies the signature over the body and decodes it; resolves with `undefined` when the
   * signature does not verify (forged, wrong secret, edited body).
   */
  verify(headers: Headers, body: string, request: WebhookRequestLine): Promise<VerifiedWebhook | undefined>;
}
