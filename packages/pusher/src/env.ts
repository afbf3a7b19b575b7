/**
 * The Pusher adapter's environment variables, read by `publisherFromEnv` and `authorizerFromEnv`
 * of `@switchboard/core/server` when `REALTIME_PROVIDER=pusher`: `PUSHER_APP_ID`, `PUSHER_KEY`,
 * `PUSHER_SECRET`, and `PUSHER_CLUSTER` for hosted Pusher or `PUSHER_HOST` (+ `PUSHER_PORT`,
 * `PUSHER_USE_TLS`) for a self-hosted server or the emulator, which browsers are then sent to too.
 */
import type { EnvironmentVariables, ProviderAuthorizer } from '@switchboard/core/adapter';
import { booleanVariable, optionalVariable, portVariable, requiredVariable } from '@switchboard/core/adapter';
import { pusherAuthorizer } from './authorizer.js';
import type { PusherPublisherOptions } from './publisher.js';

const PROVIDER = 'pusher';

/** Publisher options from the `PUSHER_*` variables; CONFIG naming a missing or malformed one. */
export function publisherOptionsFromEnv(env: EnvironmentVariables): PusherPublisherOptions {
  const host = optionalVariable(env, 'PUSHER_HOST');
  const port = portVariable(env, 'PUSHER_PORT', PROVIDER);
  const useTLS = booleanVariable(env, 'PUSHER_USE_TLS', PROVIDER);
  return {
    appId: requiredVariable(env, 'PUSHER_APP_ID', PROVIDER),
    key: requiredVariable(env, 'PUSHER_KEY', PROVIDER),
    secret: requiredVariable(env, 'PUSHER_SECRET', PROVIDER),
    ...(host ? { host, ...(port ? { port } : {}) } : { cluster: requiredVariable(env, 'PUSHER_CLUSTER', PROVIDER) }),
    ...(useTLS === undefined ? {} : { useTLS }),
  };
}

/** `pusherAuthorizer` from the same variables: browsers connect to `PUSHER_HOST` when it is set. */
export function authorizerFromEnv(env: EnvironmentVariables): ProviderAuthorizer {
  const options = publisherOptionsFromEnv(env);
  const forceTLS = options.useTLS ?? true;
  return pusherAuthorizer({
    key: options.key,
    secret: options.secret,
    forceTLS,
    ...(options.host
      ? { wsHost: options.host, wsPort: Number(options.port ?? (forceTLS ? 443 : 80)) }
      : { cluster: options.cluster as string }),
  });
}
