/**
 * Creates the Ably Realtime client. Where a global WebSocket exists (browsers, React Native,
 * Node ≥ 22) it is `BaseRealtime` from `ably/modular` with only the WebSocket transport, fetch and
 * presence plugins; elsewhere (Node 20) it is the full SDK, which brings its own socket library.
 */
import { loadChunk, RealtimeError } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { PROVIDER } from '../errors.js';

// The full SDK serves only runtimes without a global WebSocket (Node 20), never a browser: it is
// loaded through the package's server entry, named in a variable so bundlers leave it (and the
// peer loader behind it) out of browser bundles.
const SERVER_ENTRY = '@switchboard/ably';

/** Which build of the SDK to use. */
export type AblySdkVariant = 'auto' | 'modular' | 'full';

/** The part of an Ably Realtime client the subscriber uses; both builds provide it. */
export type AblyRealtimeClient = Ably.RealtimeClient;

/** Creates an Ably Realtime client from the chosen build: `ably/modular` with only the plugins the subscriber needs, or the full SDK. */
export async function createRealtimeClient(options: Ably.ClientOptions, variant: AblySdkVariant): Promise<AblyRealtimeClient> {
  const modular = variant === 'modular' || (variant === 'auto' && typeof globalThis.WebSocket === 'function');
  if (modular) {
    try {
      const { createModularClient } = await import('./modular-client.js');
      return createModularClient(options);
    } catch (cause) {
      // `ably/modular` is ESM-only: a CommonJS consumer on Node ≥ 22 cannot load it, the full SDK can.
      if (variant === 'modular') {
        throw new RealtimeError('CONFIG', 'Could not load ably/modular (it needs an ESM-capable bundler or runtime)', {
          provider: PROVIDER,
          cause,
        });
      }
    }
  }
  const { loadFullSdk } = await loadChunk(
    () => import(/* @vite-ignore */ /* webpackIgnore: true */ SERVER_ENTRY) as Promise<typeof import('../index.js')>,
    SERVER_ENTRY,
    PROVIDER,
  );
  const sdk = await loadFullSdk();
  return new sdk.Realtime(options);
}
