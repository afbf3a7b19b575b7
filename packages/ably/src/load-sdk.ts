/**
 * Loads the `ably` SDK on first use, so importing the adapter costs nothing until a client is needed
 * and a missing peer dependency becomes "install ably" instead of a resolution error.
 */
import { loadPeer } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { PROVIDER } from './errors.js';

type AblyModule = typeof Ably;

// A variable specifier keeps browser bundlers from pulling the full SDK into the subscriber build;
// only runtimes without a global WebSocket (Node < 22) take this path.
const FULL_SDK = 'ably';

/** The full `ably` package (Rest and Realtime), whichever module format it resolved to; "install ably" only when it is missing. */
export async function loadFullSdk(): Promise<AblyModule> {
  const loaded = await loadPeer(
    FULL_SDK,
    () => import(/* @vite-ignore */ /* webpackIgnore: true */ FULL_SDK) as Promise<AblyModule & { default?: AblyModule }>,
    'The Ably adapter',
    PROVIDER,
  );
  return loaded.Rest ? loaded : (loaded.default as AblyModule);
}
