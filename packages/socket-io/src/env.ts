/**
 * The Socket.IO adapter's environment variables, read by `publisherFromEnv` and `authorizerFromEnv`
 * of `@switchboard/core/server` when `REALTIME_PROVIDER=socket-io`: `SOCKET_IO_URL` (the hub's
 * URL) with `SOCKET_IO_SECRET` (the hub secret, at least 32 bytes), or `REDIS_URL` for a
 * worker publishing through the hubs' Redis. The authorizer needs the URL and the secret.
 */
import {
  type EnvironmentVariables,
  type ProviderAuthorizer,
  requiredVariable,
  urlVariable,
  variableError,
} from '@switchboard/core/adapter';
import { socketIoAuthorizer } from './auth/authorizer.js';
import { MIN_SECRET_BYTES } from './auth/hub-keys.js';
import type { SocketIoPublisherOptions } from './publisher/publisher-transport.js';

const PROVIDER = 'socket-io';

function secretFromEnv(env: EnvironmentVariables): string {
  const secret = requiredVariable(env, 'SOCKET_IO_SECRET', PROVIDER);
  const bytes = new TextEncoder().encode(secret).length;
  if (bytes < MIN_SECRET_BYTES) {
    throw variableError(
      'SOCKET_IO_SECRET',
      PROVIDER,
      `must be at least ${MIN_SECRET_BYTES} random bytes (it has ${bytes}): generate one with \`openssl rand -base64 32\``,
    );
  }
  return secret;
}

const hubUrl = (env: EnvironmentVariables) => urlVariable(env, 'SOCKET_IO_URL', PROVIDER, ['http:', 'https:']);

/** Publisher options from the variables above; CONFIG naming a missing or malformed one. */
export function publisherOptionsFromEnv(env: EnvironmentVariables): SocketIoPublisherOptions {
  const url = hubUrl(env);
  if (url) return { url, secret: secretFromEnv(env) };
  const redisUrl = urlVariable(env, 'REDIS_URL', PROVIDER, ['redis:', 'rediss:']);
  if (redisUrl) return { redisUrl };
  throw variableError('SOCKET_IO_URL', PROVIDER, 'is not set (or REDIS_URL, for a worker publishing through Redis)');
}

/** `socketIoAuthorizer` from `SOCKET_IO_URL` (where browsers connect) and `SOCKET_IO_SECRET`. */
export function authorizerFromEnv(env: EnvironmentVariables): ProviderAuthorizer {
  const url = hubUrl(env);
  if (!url) throw variableError('SOCKET_IO_URL', PROVIDER, 'is not set (browsers connect to the hub there)');
  return socketIoAuthorizer({ url, secret: secretFromEnv(env) });
}
