/**
 * The Socket.IO adapter's environment variables, read by `publisherFromEnv` and `authorizerFromEnv`
 * of `@switchboard/core/server` when `REALTIME_PROVIDER=socket-io`: `SOCKET_IO_URL` (the hub's
 * URL) with `SOCKET_IO_SECRET` (the hub secret, at least 32 bytes), or `REDIS_URL` for a
 * worker publishing through the hubs' Redis. The authorizer needs the URL and the secret.
 * `attachToServer` (used by `realtimeFromEnv`) runs the hub inside the app's HTTP server: there
 * both are optional, and `REDIS_URL` makes the hub scale out through Redis.
 */
import type { AttachedProvider, AttachToServerInput } from '@switchboard/core/adapter';
import {
  type EnvironmentVariables,
  type ProviderAuthorizer,
  requiredVariable,
  urlVariable,
  variableError,
} from '@switchboard/core/adapter';
import { socketIoAuthorizer } from './auth/authorizer.js';
import { MIN_SECRET_BYTES } from './auth/hub-keys.js';
import { createHub } from './hub/create-hub.js';
import { inProcessPublisherTransport } from './publisher/in-process-transport.js';
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

/** A secret for a hub whose only token issuer is this process: 32 random bytes, base64. */
function processSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The hub embedded in the app's HTTP server, with its authorizer and in-process publisher. Browsers
 * connect to `SOCKET_IO_URL` when set (this hub's public URL behind a proxy; a hub in another
 * process is what `publisherFromEnv` and `authorizerFromEnv` are for), else to the origin they asked
 * the auth endpoint on. `SOCKET_IO_SECRET` is needed only when something outside this process signs
 * or verifies (several hubs, an HTTP publisher); unset, the process uses a random one.
 */
export async function attachToServer(input: AttachToServerInput): Promise<AttachedProvider> {
  const { env } = input;
  const publicUrl = hubUrl(env);
  const secret = env.SOCKET_IO_SECRET === undefined || env.SOCKET_IO_SECRET === '' ? processSecret() : secretFromEnv(env);
  const redisUrl = urlVariable(env, 'REDIS_URL', PROVIDER, ['redis:', 'rediss:']);
  const hub = createHub({
    channels: input.channels,
    rules: input.rules,
    secret,
    ...(publicUrl ? { publicUrl } : {}),
    ...(redisUrl ? { redis: { url: redisUrl } } : {}),
  });
  await hub.attach(input.server);
  const byOrigin = new Map<string, ProviderAuthorizer>();
  const authorizer = publicUrl
    ? socketIoAuthorizer({ url: publicUrl, secret })
    : (request: Request): ProviderAuthorizer => {
        const origin = new URL(request.url).origin;
        let found = byOrigin.get(origin);
        if (!found) {
          found = socketIoAuthorizer({ url: origin, secret });
          if (byOrigin.size < 16) byOrigin.set(origin, found);
        }
        return found;
      };
  return { authorizer, publisherTransport: inProcessPublisherTransport({ hub }), close: () => hub.close() };
}
