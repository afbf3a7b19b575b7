/**
 * The bundle budget, shared by `.size-limit.js` and the bundle benchmark: subscribing with provider
 * X through Switchboard may add at most 3 KiB (gzip) to the raw vendor SDK subscribing alone.
 */
import { eagerFiles, subscribeFiles, sumGzip } from './build-bundles.mjs';

export const BUDGET_BYTES = 3 * 1024;

/**
 * The regression guard `pnpm size` enforces while the goal above is missed: what each Switchboard
 * subscriber added over its vendor SDK when last measured, rounded up to the next 64 B. Last
 * measured 2026-12-02 after the subscribe-path diet (Pusher's channel authorization, presence members
 * and identity switching, Ably's presence reading and calls loaded on first use), with excludeUserId
 * and Pusher's user sign-in hook, one INVALID_CHANNEL message per bad channel template (stating the
 * rules), Pusher's presence `members()` in its presence chunk, and the subscriber's closure-free
 * delivery (a CPU win that costs a few bytes): socket-io 7,099 B, pusher 7,107 B, ably 7,915 B gzip.
 * The guards that last landed were 7168 / 7680 / 8064. Lower these as the bundles shrink (set a
 * provider to BUDGET_BYTES once it is met); never raise them above what last landed.
 */
export const GUARD_ADDED_BYTES = { 'socket-io': 7104, pusher: 7168, ably: 7936 };

/** Provider → the raw entry it is judged against and the Switchboard entry. */
export const COMPARISONS = {
  'socket-io': { raw: 'socket-io-raw', switchboard: 'socket-io-switchboard', label: 'Socket.IO (`socket.io-client`)' },
  pusher: { raw: 'pusher-raw', switchboard: 'pusher-switchboard', label: 'Pusher (`pusher-js`)' },
  ably: { raw: 'ably-raw', switchboard: 'ably-switchboard', label: 'Ably (`ably/modular`, same plugins as the adapter)' },
};

/** Gzipped bytes of each side, the goal's limit of the Switchboard side and its regression guard. */
export function budgetFor(bundles, provider) {
  const { raw, switchboard } = COMPARISONS[provider];
  const rawBundle = bundles[raw];
  const ours = bundles[switchboard];
  const rawFiles = subscribeFiles(rawBundle, provider);
  const ourFiles = subscribeFiles(ours, provider);
  const rawBytes = sumGzip(rawBundle, rawFiles);
  return {
    rawFiles,
    ourFiles,
    rawBytes,
    ourBytes: sumGzip(ours, ourFiles),
    limit: rawBytes + BUDGET_BYTES,
    guard: rawBytes + GUARD_ADDED_BYTES[provider],
    eager: eagerFiles(ours),
  };
}
