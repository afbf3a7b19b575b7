/**
 * Where a subscriber's errors go: the `onError` of the subscriptions on the channel, then every
 * `subscriber.onError` listener; with nobody listening, a console warning, never silence.
 */
import { RealtimeError } from '../errors.js';
import type { ChannelEntry } from './channel-entry.js';
import type { ErrorContext } from './subscriber-types.js';

/** Reports one error, with the channel (and event) it concerns. */
export type ErrorReporter = (error: unknown, context: ErrorContext, entry?: ChannelEntry) => void;

/** An error reporter over the subscriber's `onError` listeners. */
export function createErrorReporter(listeners: ReadonlySet<(error: RealtimeError, context: ErrorContext) => void>): ErrorReporter {
  return (error, context, entry) => {
    const realtimeError = RealtimeError.isInstance(error)
      ? error
      : new RealtimeError('MALFORMED_MESSAGE', error instanceof Error ? error.message : String(error), { cause: error });
    let delivered = false;
    if (entry) {
      for (const listener of entry.listeners) {
        if (listener.options.onError) {
          listener.options.onError(realtimeError);
          delivered = true;
        }
      }
    }
    for (const listener of listeners) {
      listener(realtimeError, context);
      delivered = true;
    }
    if (!delivered) console.warn(`[switchboard] ${realtimeError.code}: ${realtimeError.message}`);
  };
}
