/**
 * `createSubscriber`: a subscriber from a provider name, a transport, or an auth endpoint that names
 * the provider (server-driven selection). Browser-safe: it reaches no publisher or server code.
 */

import type { SubscriberModule } from './adapter-modules.js';
import { type AuthEndpointOptions, discoverProvider } from './auth/provider-discovery.js';
import { RealtimeError } from './errors.js';
import type { MemorySubscriberOptions } from './memory/memory-transport.js';
import { loadAdapterModule, providerDefinition } from './providers.js';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from './subscriber.js';
import type { SubscriberTransport } from './transport.js';

/** Options of each subscriber, by provider name; extended by adapter packages. */
export interface SubscriberProviders {
  /** The in-memory provider. */
  memory: MemorySubscriberOptions;
}

type ByName<TMap> = { [P in keyof TMap]: { provider: P } & TMap[P] }[keyof TMap];

/**
 * Server-driven selection: the auth endpoint names the provider and its public parameters; only
 * that provider's module is loaded, on the first subscribe.
 */
export type AuthEndpointSubscriberOptions = AuthEndpointOptions &
  SubscriberCoreOptions & {
    /** Not with `authEndpoint`: the server names the provider. */
    provider?: never;
    /** Not with `authEndpoint`: the server names the provider. */
    adapter?: never;
  };

/** Options of {@link createSubscriber}: a provider name, an adapter instance, or an auth endpoint that names the provider. */
export type CreateSubscriberOptions =
  | (ByName<SubscriberProviders> & SubscriberCoreOptions)
  | ({
      /** A subscriber transport built by an adapter package. */
      adapter: SubscriberTransport;
    } & SubscriberCoreOptions)
  | AuthEndpointSubscriberOptions;

/** Asks the auth endpoint for the provider, then builds only that provider's transport. */
async function transportFromAuthEndpoint(options: AuthEndpointSubscriberOptions): Promise<SubscriberTransport> {
  const { provider, config } = await discoverProvider(options);
  const loader = options.adapters?.[provider];
  if (!loader) providerDefinition(provider);
  const module = await loadAdapterModule<Partial<SubscriberModule>>(provider, 'subscriber', loader);
  if (typeof module?.createSubscriberTransport !== 'function') {
    throw new RealtimeError('CONFIG', `The "${provider}" subscriber module does not export createSubscriberTransport`, { provider });
  }
  return module.createSubscriberTransport({
    ...config,
    authEndpoint: options.authEndpoint,
    ...(options.authHeaders ? { authHeaders: options.authHeaders } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * Creates a subscriber from a provider name, an adapter instance, or an `authEndpoint` that chooses
 * the provider on the server. Connects on the first subscribe.
 */
export function createSubscriber(options: CreateSubscriberOptions): RealtimeSubscriber {
  if ('adapter' in options && options.adapter) return createSubscriberFromTransport(options.adapter, options);
  if (!('provider' in options && options.provider) && 'authEndpoint' in options) {
    if (!options.authEndpoint) throw new RealtimeError('CONFIG', 'createSubscriber: authEndpoint is empty');
    const endpointOptions = options as AuthEndpointSubscriberOptions;
    return createSubscriberFromTransport(() => transportFromAuthEndpoint(endpointOptions), options);
  }
  const { provider } = options as { provider: string };
  providerDefinition(provider);
  return createSubscriberFromTransport(async () => {
    const module = await loadAdapterModule<SubscriberModule>(provider, 'subscriber');
    return module.createSubscriberTransport(options);
  }, options);
}
