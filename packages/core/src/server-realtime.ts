/**
 * One call that gives a Node backend its realtime side for whatever provider the environment names:
 * the auth endpoint's handler and a publisher. `REALTIME_PROVIDER` unset means the Socket.IO hub
 * embedded in the app's own HTTP server, so a first run needs no account and no variable; `pusher`
 * and `ably` read the same variables as `publisherFromEnv` (emulator hosts included). Core knows no
 * adapter: the adapter's server module does the work (`attachToServer` when it can run inside the
 * app's server, `authorizerFromEnv` otherwise).
 */
import type { Server as HttpServer } from 'node:http';
import type { AccessRules } from './access.js';
import type { EnvironmentVariables, PublisherModule } from './adapter-modules.js';
import { type AuthHandler, type AuthHandlerOptions, createAuthHandler } from './auth/auth-handler.js';
import { providerFromEnv, publisherFromEnv } from './env.js';
import { RealtimeError } from './errors.js';
import { loadAdapterModule, type ProviderName } from './providers.js';
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from './publisher.js';

/** The provider used when `REALTIME_PROVIDER` is not set: the hub embedded in the app's server. */
export const DEFAULT_SERVER_PROVIDER = 'socket-io' satisfies ProviderName;

/** Options of {@link realtimeFromEnv}. */
export interface ServerRealtimeOptions extends Omit<AuthHandlerOptions, 'authorizer' | 'rules'> {
  /** Access rules, used by the auth endpoint and by an embedded hub alike. */
  rules?: AccessRules;
  /** The app's HTTP server: an embedded hub (the default provider) attaches to it. Listen on it yourself. */
  server: HttpServer;
  /** @default process.env */
  env?: EnvironmentVariables;
  /** Retries, outbox, batching of the returned publisher. */
  publisher?: PublisherCoreOptions;
}

/** What {@link realtimeFromEnv} returns. */
export interface ServerRealtime {
  /** The provider the environment named (`socket-io` when `REALTIME_PROVIDER` is not set). */
  readonly provider: ProviderName;
  /** The auth endpoint: a Web handler; wrap it with `toNodeHandler` for Node's `http` or Express. */
  readonly authHandler: AuthHandler;
  /** Publishes to that provider. */
  readonly publisher: RealtimePublisher;
  /** Closes the publisher and an embedded hub (the HTTP server stays open). */
  close(): Promise<void>;
}

const processEnv = (): EnvironmentVariables => globalThis.process?.env ?? {};

/**
 * The auth handler and the publisher for the provider `REALTIME_PROVIDER` names, checked now: a
 * missing or malformed variable is a CONFIG error naming it, before the server listens.
 *
 * @example
 * const server = createServer((request, response) => …);
 * const realtime = await realtimeFromEnv({ channels, rules, authenticate: currentUser, server });
 * server.listen(3000);
 */
export async function realtimeFromEnv(options: ServerRealtimeOptions): Promise<ServerRealtime> {
  const { server, env = processEnv(), publisher: publisherOptions = {}, rules = [], ...handlerOptions } = options;
  if (!server || typeof (server as { on?: unknown }).on !== 'function') {
    throw new RealtimeError('CONFIG', 'realtimeFromEnv: `server` must be the app’s node:http Server (the embedded hub attaches to it)');
  }
  const provider = env.REALTIME_PROVIDER?.trim() ? providerFromEnv(env) : DEFAULT_SERVER_PROVIDER;
  const module = await loadAdapterModule<PublisherModule>(provider, 'publisher');

  if (typeof module.attachToServer === 'function') {
    const attached = await module.attachToServer({ channels: handlerOptions.channels, rules, server, env });
    const publisher = createPublisherFromTransport(attached.publisherTransport, publisherOptions);
    return {
      provider,
      authHandler: createAuthHandler({ ...handlerOptions, rules, authorizer: attached.authorizer }),
      publisher,
      async close() {
        await publisher.close();
        await attached.close();
      },
    };
  }

  if (typeof module.authorizerFromEnv !== 'function') {
    throw new RealtimeError('CONFIG', `The "${provider}" adapter does not read the environment (it exports no authorizerFromEnv)`, {
      provider,
    });
  }
  // Validates every variable now, publisher's included.
  module.publisherOptionsFromEnv?.(env);
  const authorizer = module.authorizerFromEnv(env);
  const publisher = publisherFromEnv({ ...env, REALTIME_PROVIDER: provider }, publisherOptions);
  return {
    provider,
    authHandler: createAuthHandler({ ...handlerOptions, rules, authorizer }),
    publisher,
    close: () => publisher.close(),
  };
}
