/**
 * What a subscription may ask to replay on attach, and the check that refuses what nobody can serve.
 * Small on purpose: every subscriber bundle carries it; the catch-up itself loads only with a
 * history client.
 */
import { RealtimeError } from '../errors.js';
import type { SubscriberTransport } from '../transport.js';

/** What a subscription asks to be replayed on attach: the last `n` messages, or all after a number. */
export type Rewind =
  | number
  | {
      /** Replay every message after this history number (`historySeq`). */
      since: number;
    };

/**
 * Without a history client, a rewind needs the provider's own history (Ably), and `{ since }`
 * needs the store: anything else fails with UNSUPPORTED instead of being ignored.
 */
export function assertRewindSupported(target: SubscriberTransport, rewind: Rewind | undefined, hasHistory: boolean): void {
  if (rewind === undefined || hasHistory) return;
  if (typeof rewind === 'object' || !target.capabilities.history) {
    throw new RealtimeError(
      'UNSUPPORTED',
      `${target.provider} cannot rewind${typeof rewind === 'object' ? ' by history number' : ''} without a history store: pass createSubscriber({ ..., history: createHistoryClient({ authEndpoint }) })`,
      { provider: target.provider, details: { capability: 'history' } },
    );
  }
}
