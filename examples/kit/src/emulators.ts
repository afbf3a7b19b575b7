/**
 * `--emulators`: the Pusher and Ably protocol emulators from @switchboard/testing, started on
 * 127.0.0.1, described as the environment variables a real deployment would set. Everything
 * downstream (publisher, authorizer, worker processes) then runs the same code as against the
 * real services.
 */
import { randomBytes } from 'node:crypto';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';

/** A running emulator and the variables that point a provider at it. */
export interface RunningEmulator {
  provider: 'pusher' | 'ably';
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startPusher(): Promise<RunningEmulator> {
  const secret = randomBytes(16).toString('hex');
  const emulator: PusherEmulator = await startPusherEmulator({ appId: 'switchboard-demo', key: 'switchboard-demo-key', secret });
  return {
    provider: 'pusher',
    env: {
      REALTIME_PROVIDER: 'pusher',
      PUSHER_APP_ID: emulator.appId,
      PUSHER_KEY: emulator.key,
      PUSHER_SECRET: secret,
      PUSHER_HOST: emulator.host,
      PUSHER_PORT: String(emulator.port),
      PUSHER_USE_TLS: 'false',
    },
    close: () => emulator.close(),
  };
}

export async function startAbly(): Promise<RunningEmulator> {
  const apiKey = `switchboard-demo.key:${randomBytes(16).toString('hex')}`;
  const emulator: AblyEmulator = await startAblyEmulator({ keys: [apiKey] });
  return {
    provider: 'ably',
    env: {
      REALTIME_PROVIDER: 'ably',
      ABLY_API_KEY: apiKey,
      ABLY_ENDPOINT: emulator.host,
      ABLY_PORT: String(emulator.port),
      ABLY_TLS: 'false',
    },
    close: () => emulator.close(),
  };
}

/** Starts the emulator of `provider` (`pusher` when unset, as the demo documents). */
export function startEmulator(provider: string | undefined): Promise<RunningEmulator> {
  if (provider === undefined || provider === '' || provider === 'pusher') return startPusher();
  if (provider === 'ably') return startAbly();
  throw new Error(`--emulators runs pusher or ably, not REALTIME_PROVIDER=${provider}`);
}
