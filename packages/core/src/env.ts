import { RealtimeError } from './errors.js';
import { type CreatePublisherOptions, createPublisher, type ProviderName } from './providers.js';
import type { PublisherCoreOptions, RealtimePublisher } from './publisher.js';

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, provider: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new RealtimeError('CONFIG', `${name} is not set (needed by REALTIME_PROVIDER=${provider})`, {
      provider,
      details: { variable: name },
    });
  }
  return value.trim();
}

function port(env: Env, name: string, provider: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) {
    throw new RealtimeError('CONFIG', `${name}=${value} is not a valid port`, { provider, details: { variable: name } });
  }
  return parsed;
}

/**
 * Publisher options from the environment variables apps already have:
 * `REALTIME_PROVIDER` (memory | socket-io | pusher | ably), then per provider
 * `ABLY_API_KEY`; `PUSHER_APP_ID`, `PUSHER_KEY`, `PUSHER_SECRET`, `PUSHER_CLUSTER` or `PUSHER_HOST`
 * (+ `PUSHER_PORT`, `PUSHER_USE_TLS`); `SOCKET_IO_URL` + `SOCKET_IO_SECRET` or `REDIS_URL`.
 * A missing variable is a CONFIG error that names it.
 */
/** Publisher options read from the environment: a provider name and that provider's settings. */
export type EnvPublisherOptions = {
  /** From `REALTIME_PROVIDER`. */
  provider: ProviderName;
} & Record<string, unknown>;

/** Reads publisher options from the environment; see the variables above. Throws CONFIG naming a missing variable. */
export function publisherOptionsFromEnv(env: Env = globalThis.process?.env ?? {}): EnvPublisherOptions {
  const provider = env.REALTIME_PROVIDER?.trim();
  if (!provider) {
    throw new RealtimeError('CONFIG', 'REALTIME_PROVIDER is not set (memory, socket-io, pusher or ably)', {
      details: { variable: 'REALTIME_PROVIDER' },
    });
  }
  switch (provider) {
    case 'memory':
      return { provider };
    case 'ably':
      return {
        provider,
        apiKey: required(env, 'ABLY_API_KEY', provider),
        ...(env.ABLY_ENDPOINT ? { endpoint: env.ABLY_ENDPOINT } : {}),
        ...(env.ABLY_PORT ? { port: port(env, 'ABLY_PORT', provider), tls: env.ABLY_TLS !== 'false' } : {}),
      };
    case 'pusher': {
      const host = env.PUSHER_HOST?.trim();
      return {
        provider,
        appId: required(env, 'PUSHER_APP_ID', provider),
        key: required(env, 'PUSHER_KEY', provider),
        secret: required(env, 'PUSHER_SECRET', provider),
        ...(host ? { host, port: port(env, 'PUSHER_PORT', provider) } : { cluster: required(env, 'PUSHER_CLUSTER', provider) }),
        ...(env.PUSHER_USE_TLS ? { useTLS: env.PUSHER_USE_TLS !== 'false' } : {}),
      };
    }
    case 'socket-io': {
      if (env.SOCKET_IO_URL) {
        return { provider, url: env.SOCKET_IO_URL, secret: required(env, 'SOCKET_IO_SECRET', provider) };
      }
      if (env.REDIS_URL) return { provider, redisUrl: env.REDIS_URL };
      throw new RealtimeError(
        'CONFIG',
        'SOCKET_IO_URL (with SOCKET_IO_SECRET) or REDIS_URL is not set (needed by REALTIME_PROVIDER=socket-io)',
        {
          provider,
          details: { variable: 'SOCKET_IO_URL' },
        },
      );
    }
    default:
      throw new RealtimeError('CONFIG', `REALTIME_PROVIDER=${provider} is not a known provider (memory, socket-io, pusher, ably)`, {
        details: { variable: 'REALTIME_PROVIDER', provider },
      });
  }
}

/** A publisher configured from the environment; see {@link publisherOptionsFromEnv}. */
export function publisherFromEnv(env?: Env, options: PublisherCoreOptions = {}): RealtimePublisher {
  return createPublisher({ ...publisherOptionsFromEnv(env), ...options } as unknown as CreatePublisherOptions);
}
