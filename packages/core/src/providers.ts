import { type AuthEndpointOptions, discoverProvider } from './auth/provider-discovery.js';
import { RealtimeError } from './errors.js';
import type { MemoryPublisherOptions, MemorySubscriberOptions } from './memory/memory-transport.js';
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from './publisher.js';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from './subscriber.js';
import type { PublisherTransport, SubscriberTransport } from './transport.js';

/**
 * Options of each built-in publisher, by provider name. Adapter packages add theirs by declaration
 * merging, so `createPublisher({ provider: 'ably', ... })` is typed once `@switchboard/ably` is installed.
 */
export interface PublisherProviders {
  /** The in-memory provider. */
  memory: MemoryPublisherOptions;
}

/** Options of each built-in subscriber, by provider name; extended by adapter packages. */
export interface SubscriberProviders {
  /** The in-memory provider. */
  memory: MemorySubscriberOptions;
}

/** The built-in providers, selectable by name. */
export type ProviderName = 'memory' | 'socket-io' | 'pusher' | 'ably';

/** What an adapter module exports for lazy loading by name. */
export interface PublisherModule {
  /** Builds the provider's publisher transport from its options. */
  createPublisherTransport(options: unknown): PublisherTransport;
}
/** What a subscriber module (`@switchboard/<provider>/subscriber`) exports for lazy loading. */
export interface SubscriberModule {
  /** Builds the provider's subscriber transport from its options. */
  createSubscriberTransport(options: unknown): SubscriberTransport;
}

interface BuiltIn {
  packageName: string;
  sdk: string;
  publisher: () => Promise<unknown>;
  subscriber: () => Promise<unknown>;
}

// Adapters live in their own packages; core never imports them statically. The specifiers are
// variables so bundlers leave them alone: browsers pass `adapters` loaders instead (see auth flow).
const importPackage = (specifier: string) => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

/** Built-in provider names mapped to lazy imports of their adapter modules. */
export const builtInProviders: Record<ProviderName, BuiltIn> = {
  memory: {
    packageName: '@switchboard/core',
    sdk: '@switchboard/core',
    publisher: () => import('./memory/memory-transport.js'),
    subscriber: () => import('./memory/memory-transport.js'),
  },
  'socket-io': {
    packageName: '@switchboard/socket-io',
    sdk: 'socket.io-client',
    publisher: () => importPackage('@switchboard/socket-io'),
    subscriber: () => importPackage('@switchboard/socket-io/subscriber'),
  },
  pusher: {
    packageName: '@switchboard/pusher',
    sdk: 'pusher-js',
    publisher: () => importPackage('@switchboard/pusher'),
    subscriber: () => importPackage('@switchboard/pusher/subscriber'),
  },
  ably: {
    packageName: '@switchboard/ably',
    sdk: 'ably',
    publisher: () => importPackage('@switchboard/ably'),
    subscriber: () => importPackage('@switchboard/ably/subscriber'),
  },
};

function builtIn(provider: string): BuiltIn {
  const entry = (builtInProviders as Record<string, BuiltIn | undefined>)[provider];
  if (!entry) {
    throw new RealtimeError(
      'CONFIG',
      `Unknown realtime provider "${provider}". Use one of: ${Object.keys(builtInProviders).join(', ')}, or pass an adapter`,
      { details: { provider } },
    );
  }
  return entry;
}

/**
 * Loads an adapter module, turning "module not found" into "install X". `loader` replaces the
 * built-in import (the app's literal `import()`, which its bundler can split into a lazy chunk).
 */
export async function loadAdapterModule<T>(
  provider: string,
  side: 'publisher' | 'subscriber',
  loader?: () => Promise<unknown>,
): Promise<T> {
  const entry = loader ? undefined : builtIn(provider);
  try {
    return (await (loader ?? (entry as BuiltIn)[side])()) as T;
  } catch (cause) {
    const code = (cause as { code?: string } | undefined)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      const needs = entry ? `${entry.packageName} and ${entry.sdk}` : 'its adapter package and SDK';
      throw new RealtimeError('CONFIG', `The "${provider}" provider needs ${needs}: install them`, {
        provider,
        cause,
      });
    }
    throw cause;
  }
}

type ByName<TMap> = { [P in keyof TMap]: { provider: P } & TMap[P] }[keyof TMap];

/** Options of {@link createPublisher}: a provider name with that provider's options, or an adapter instance. */
export type CreatePublisherOptions =
  | (ByName<PublisherProviders> & PublisherCoreOptions)
  | ({
      /** A transport from an adapter package, e.g. `createPublisherTransport(...)` of `@switchboard/ably`. */
      adapter: PublisherTransport;
    } & PublisherCoreOptions);

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

/**
 * Creates a publisher from a provider name (the adapter is imported lazily on first use) or from an
 * adapter instance (best for tree-shaking). Nothing connects until the first call.
 */
export function createPublisher(options: CreatePublisherOptions): RealtimePublisher {
  if ('adapter' in options && options.adapter) return createPublisherFromTransport(options.adapter, options);
  const { provider } = options as { provider: string };
  builtIn(provider);
  return createPublisherFromTransport(async () => {
    const module = await loadAdapterModule<PublisherModule>(provider, 'publisher');
    return module.createPublisherTransport(options);
  }, options);
}

/** Asks the auth endpoint for the provider, then builds only that provider's transport. */
async function transportFromAuthEndpoint(options: AuthEndpointSubscriberOptions): Promise<SubscriberTransport> {
  const { provider, config } = await discoverProvider(options);
  const loader = options.adapters?.[provider];
  if (!loader) builtIn(provider);
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
  builtIn(provider);
  return createSubscriberFromTransport(async () => {
    const module = await loadAdapterModule<SubscriberModule>(provider, 'subscriber');
    return module.createSubscriberTransport(options);
  }, options);
}
