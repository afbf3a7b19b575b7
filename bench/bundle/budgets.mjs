/**
 * The bundle budget, shared by `.size-limit.js` and the bundle benchmark: subscribing with provider
 * X through Switchboard may add at most 3 KiB (gzip) to the raw vendor SDK subscribing alone.
 */
import { eagerFiles, subscribeFiles, sumGzip } from './build-bundles.mjs';

export const BUDGET_BYTES = 3 * 1024;

/** Provider → the raw entry it is judged against and the Switchboard entry. */
export const COMPARISONS = {
  'socket-io': { raw: 'socket-io-raw', switchboard: 'socket-io-switchboard', label: 'Socket.IO (`socket.io-client`)' },
  pusher: { raw: 'pusher-raw', switchboard: 'pusher-switchboard', label: 'Pusher (`pusher-js`)' },
  ably: { raw: 'ably-raw', switchboard: 'ably-switchboard', label: 'Ably (`ably/modular`, same plugins as the adapter)' },
};

/** Gzipped bytes of each side, and the limit of the Switchboard side. */
export function budgetFor(bundles, provider) {
  const { raw, switchboard } = COMPARISONS[provider];
  const rawBundle = bundles[raw];
  const ours = bundles[switchboard];
  const rawFiles = subscribeFiles(rawBundle, provider);
  const ourFiles = subscribeFiles(ours, provider);
  const rawBytes = sumGzip(rawBundle, rawFiles);
  return { rawFiles, ourFiles, rawBytes, ourBytes: sumGzip(ours, ourFiles), limit: rawBytes + BUDGET_BYTES, eager: eagerFiles(ours) };
}
