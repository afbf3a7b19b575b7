/**
 * Loads the `ably` SDK on first use, so importing the adapter costs nothing until a client is needed
 * and a missing peer dependency becomes "install ably" instead of a resolution error.
 */
import { RealtimeError } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { PROVIDER } from './errors.js';

type AblyModule = typeof Ably;

// A variable specifier keeps browser bundlers from pulling the full SDK into the subscriber build;
// only runtimes without a global WebSocket (Node < 22) take this path.
const FULL_SDK = 'ably';

/** The full `ably` package (Rest and Realtime), whichever module format it resolved to. */
export async function loadFullSdk(): Promise<AblyModule> {
  try {
    const loaded = (await import(/* @vite-ignore */ /* webpackIgnore: true */ FULL_SDK)) as AblyModule & { default?: AblyModule };
    return loaded.Rest ? loaded : (loaded.default as AblyModule);
  } catch (cause) {
    throw new RealtimeError('CONFIG', 'The Ably adapter needs the "ably" package: install ably (npm i ably)', {
      provider: PROVIDER,
      cause,
    });
  }
}
