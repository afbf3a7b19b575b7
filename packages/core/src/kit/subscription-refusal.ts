/**
 * The one shape of a refused subscription, on every provider:
 * `Subscription to "<logical channel>" refused: <reason>`, whether the auth endpoint, the
 * provider or the hub said no.
 */
import { RealtimeError } from '../errors.js';

/**
 * `error` restated as the refusal of `channel` (a logical name) when it carries the refuser's
 * `details.reason`; other errors are returned as they are. Code, cause and retry hints are kept.
 */
export function subscriptionRefused(channel: string, error: RealtimeError): RealtimeError {
  const reason = error.details?.reason;
  return typeof reason === 'string'
    ? // The error's own fields (provider, retriable, retryAfterMs) are its constructor's options.
      new RealtimeError(error.code, `Subscription to "${channel}" refused: ${reason}`, {
        ...error,
        cause: error.cause,
        details: { ...error.details, channel },
      })
    : error;
}
