/**
 * Loading `expo-server-sdk` on first use and turning its failures into RealtimeErrors. The SDK is a
 * peer dependency: a missing one is a clear "install" error, and nothing is imported at construction.
 */
import { RealtimeError } from '@switchboard/core';
import type { Expo, ExpoClientOptions } from 'expo-server-sdk';

export const PROVIDER = 'expo-push';

/** The static side of the SDK's `Expo` class, as far as this package uses it. */
export interface ExpoClass {
  new (options?: Partial<ExpoClientOptions>): Expo;
  isExpoPushToken(token: unknown): boolean;
}

export async function loadExpoClass(): Promise<ExpoClass> {
  let module: { Expo?: ExpoClass; default?: ExpoClass | { Expo?: ExpoClass } };
  try {
    module = await import('expo-server-sdk');
  } catch (cause) {
    throw new RealtimeError('CONFIG', '@switchboard/expo-push needs expo-server-sdk: install it (npm install expo-server-sdk)', {
      provider: PROVIDER,
      cause,
    });
  }
  // ESM builds export `Expo` by name; CommonJS builds (v4) may only surface through `default`.
  const fromDefault = module.default && 'Expo' in module.default ? module.default.Expo : (module.default as ExpoClass | undefined);
  const ExpoClass = module.Expo ?? fromDefault;
  if (typeof ExpoClass !== 'function') {
    throw new RealtimeError('CONFIG', 'expo-server-sdk does not export the Expo class; install expo-server-sdk 4 or later', {
      provider: PROVIDER,
    });
  }
  return ExpoClass;
}

/** True for an `Expo` instance (or anything shaped like one) rather than client options. */
export function isExpoClient(value: unknown): value is Expo {
  return typeof (value as Expo | undefined)?.sendPushNotificationsAsync === 'function';
}

function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}

/**
 * Maps a failed SDK request to a RealtimeError. Unreachable or failing (5xx, network) → retriable
 * PROVIDER_UNAVAILABLE; 429 → RATE_LIMITED; 401/403 → UNAUTHORIZED (check the access token).
 */
export function pushServiceError(error: unknown, action: string): RealtimeError {
  if (RealtimeError.isInstance(error)) return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const details = { action, ...(typeof status === 'number' ? { status } : {}) };
  const text = describeCause(error);
  if (status === 429) {
    return new RealtimeError('RATE_LIMITED', `Expo push service rate-limited ${action}: ${text}`, {
      provider: PROVIDER,
      cause: error,
      details,
    });
  }
  if (status === 401 || status === 403) {
    return new RealtimeError('UNAUTHORIZED', `Expo push service refused ${action} (${status}): check the access token. ${text}`, {
      provider: PROVIDER,
      cause: error,
      details,
    });
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new RealtimeError('PROVIDER_UNAVAILABLE', `Expo push service rejected ${action} (${status}): ${text}`, {
      provider: PROVIDER,
      cause: error,
      details,
      retriable: false,
    });
  }
  return new RealtimeError('PROVIDER_UNAVAILABLE', `Expo push service unavailable: ${action} failed: ${text}`, {
    provider: PROVIDER,
    cause: error,
    details,
  });
}
