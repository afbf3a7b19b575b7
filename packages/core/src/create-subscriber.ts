/**
 * `createSubscriber`: a subscriber from a provider name, a transport, or an auth endpoint that names
 * the provider (server-driven selection). Browser-safe: it reaches no publisher or server code.
 */

import type { SubscriberModule } from './adapter-modules.js';
import { type AuthEndpointOptions, discoverProvider, type ProviderDiscovery } from './auth/provider-discovery.js';
import { parseEnvelope } from './envelope.js';
import { RealtimeError, unsupported } from './errors.js';
import { loadChunk } from './kit/lazy-chunk.js';
import { isMissingModule } from './kit/peer-loader.js';
import type { MemorySubscriberOptions } from './memory/memory-transport.js';
import { loadAdapterModule, providerDefinition, registeredDefinition } from './providers.js';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from './subscriber.js';
import type { ProviderChange } from './switch/provider-change.js';
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
    /**
     * Hears every live provider switch (when the endpoint uses `createProviderSwitch`): the move and
     * how long it took, or why it failed and the subscriber stayed where it was.
     * @default reports failures with console.warn
     */
    onProviderChange?: (change: ProviderChange) => void;
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

/**
 * The auth endpoint chose a provider the page has no loader for: say so, and how to add it, instead
 * of a module-resolution failure.
 */
function missingLoader(provider: string, cause?: unknown): RealtimeError {
  const packageName = registeredDefinition(provider)?.packageName;
  const specifier = packageName ? `${packageName}/subscriber` : `<the ${provider} adapter>/subscriber`;
  return new RealtimeError(
    'CONFIG',
    `The auth endpoint chose "${provider}", but createSubscriber has no "${provider}" loader: add adapters: { '${provider}': () => import('${specifier}') }`,
    { provider, cause, details: { missingLoader: provider } },
  );
}

/** Builds the transport of the provider a discovery answer names (loaded by name, or by `adapters`). */
export async function transportForDiscovery(
  options: AuthEndpointSubscriberOptions,
  { provider, config }: ProviderDiscovery,
  authEndpoint: string | URL = options.authEndpoint,
): Promise<SubscriberTransport> {
  const loader = options.adapters?.[provider];
  if (!loader && options.adapters) throw missingLoader(provider);
  if (!loader) providerDefinition(provider);
  let module: Partial<SubscriberModule>;
  try {
    module = await loadAdapterModule<Partial<SubscriberModule>>(provider, 'subscriber', loader);
  } catch (error) {
    // Without `adapters` the registered import is tried; where it cannot resolve (a browser), the loader is what is missing.
    const packageName = registeredDefinition(provider)?.packageName ?? provider;
    if (loader || !isMissingModule((error as { cause?: unknown }).cause, packageName)) throw error;
    throw missingLoader(provider, error);
  }
  if (typeof module?.createSubscriberTransport !== 'function') {
    throw new RealtimeError('CONFIG', `The "${provider}" subscriber module does not export createSubscriberTransport`, { provider });
  }
  return module.createSubscriberTransport({
    ...config,
    authEndpoint,
    ...(options.authHeaders ? { authHeaders: options.authHeaders } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * Asks the auth endpoint for the provider, then builds only that provider's transport; when the
 * endpoint can switch provider, the transport that follows it is loaded too (never otherwise).
 */
async function transportFromAuthEndpoint(options: AuthEndpointSubscriberOptions): Promise<SubscriberTransport> {
  const discovery = await discoverProvider(options);
  if (!discovery.switchable) return transportForDiscovery(options, discovery);
  const { movableTransport } = await loadChunk(() => import('./switch/movable-transport.js'), 'movable-transport.js');
  return movableTransport(options, discovery, {
    build: transportForDiscovery,
    discover: discoverProvider,
    parseEnvelope,
    RealtimeError,
    unsupported,
    loadChunk,
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
