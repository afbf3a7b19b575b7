/**
 * The seam between `notify` and whatever reaches a user who is not connected: push notifications
 * today (`@switchboard/expo-push`), SMS or email tomorrow. A fallback knows nothing about realtime
 * providers, and notify knows nothing about push services.
 */
import type { ChannelRef } from '../channel.js';

/** What a fallback is asked to deliver: the same event the realtime route would have published. */
export interface FallbackNotification {
  /** The user id of the recipient. */
  recipient: string;
  /** The channel the event belongs to; use it to deep-link (`channel.name`, `channel.params`). */
  channel: ChannelRef;
  /** The event name. */
  event: string;
  /** The payload, already validated against the channel's schema (the schema's output). */
  data: unknown;
  /** Aborts the delivery when the caller gives up. */
  signal?: AbortSignal | undefined;
}

/** The least every fallback reports; fallbacks add their own details (tickets, message ids). */
export interface FallbackResult {
  /** True when the fallback handed the notification to its service for at least one destination. */
  delivered: boolean;
  /** Why nothing was delivered, when `delivered` is false (no device registered, no message for this event). */
  reason?: string | undefined;
}

/**
 * A way to reach a user outside the realtime connection.
 *
 * `deliver` resolves with what happened, including "nothing to deliver" (`delivered: false`), and
 * rejects only when its service could not be reached — ideally with a RealtimeError
 * (`PROVIDER_UNAVAILABLE`, `RATE_LIMITED`, `UNAUTHORIZED`) naming the fallback as `provider`.
 */
export interface NotificationFallback<TResult extends FallbackResult = FallbackResult> {
  /** Short name shown in notify's reasons and errors: `expo-push`, `sms`, `email`. */
  readonly name: string;
  /** Delivers one notification; resolves with what happened rather than throwing for "nothing to send". */
  deliver(notification: FallbackNotification): Promise<TResult>;
}
