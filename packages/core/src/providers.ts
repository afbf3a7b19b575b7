/**
 * Provider names and how to load each provider's modules. Core never imports an adapter
 * statically: a name maps to lazy imports, and adapters published anywhere join by registering
 * (runtime) and by declaration merging on {@link ProviderRegistry} (types).
 */
import { RealtimeError } from './errors.js';
import { isMissingModule } from './kit/peer-loader.js';

/**
 * Every provider name, as an interface so adapter packages add theirs by declaration merging:
 *
 * ```ts
 * declare module '@switchboard/core' {
 *   interface ProviderRegistry { acme: true }
 * }
 * ```
 *
 * {@link ProviderName} is derived from its keys; the value is not used.
 */
export interface ProviderRegistry {
  /** The in-memory provider of `@switchboard/core/memory`. */
  memory: true;
  /** `@switchboard/socket-io`. */
  'socket-io': true;
  /** `@switchboard/pusher`. */
  pusher: true;
  /** `@switchboard/ably`. */
  ably: true;
}

/** A provider name: the built-ins plus every name adapter packages added to {@link ProviderRegistry}. */
export type ProviderName = keyof ProviderRegistry & string;

/** How core finds one provider's modules. */
export interface ProviderDefinition {
  /** The npm package that holds the adapter, named in "install it" errors. */
  packageName: string;
  /** The vendor SDK the adapter needs, named in "install it" errors. */
  sdk?: string;
  /** Imports the server module (a {@link PublisherModule}). */
  publisher?: () => Promise<unknown>;
  /** Imports the subscriber module (a {@link SubscriberModule}). */
  subscriber?: () => Promise<unknown>;
}

// The specifiers are variables so bundlers leave them alone: browsers pass `adapters` loaders
// (literal imports their bundler can split) to createSubscriber instead.
const importPackage = (specifier: string) => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

const registry = new Map<string, ProviderDefinition>([
  [
    'memory',
    {
      packageName: '@switchboard/core',
      // Through the package name too, so no bundle gets a chunk for an adapter it never loads.
      publisher: () => importPackage('@switchboard/core/memory'),
      subscriber: () => importPackage('@switchboard/core/memory'),
    },
  ],
  [
    'socket-io',
    {
      packageName: '@switchboard/socket-io',
      sdk: 'socket.io-client',
      publisher: () => importPackage('@switchboard/socket-io'),
      subscriber: () => importPackage('@switchboard/socket-io/subscriber'),
    },
  ],
  [
    'pusher',
    {
      packageName: '@switchboard/pusher',
      sdk: 'pusher-js',
      publisher: () => importPackage('@switchboard/pusher'),
      subscriber: () => importPackage('@switchboard/pusher/subscriber'),
    },
  ],
  [
    'ably',
    {
      packageName: '@switchboard/ably',
      sdk: 'ably',
      publisher: () => importPackage('@switchboard/ably'),
      subscriber: () => importPackage('@switchboard/ably/subscriber'),
    },
  ],
]);

const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Makes a provider selectable by name in `createPublisher({ provider })`, `createSubscriber({ provider })`,
 * `publisherFromEnv` and `authorizerFromEnv`. Adapters published outside this repository call it
 * (or ask their users to) once, at startup; registering a name again replaces its definition.
 *
 * @example
 * registerProvider('acme', { packageName: 'acme-realtime', publisher: () => import('acme-realtime'), subscriber: () => import('acme-realtime/subscriber') });
 */
export function registerProvider(name: ProviderName, definition: ProviderDefinition): void {
  if (typeof name !== 'string' || !PROVIDER_NAME_PATTERN.test(name)) {
    throw new RealtimeError('CONFIG', `registerProvider: ${JSON.stringify(name)} is not a provider name (lowercase letters, digits, "-")`);
  }
  if (!definition || typeof definition.packageName !== 'string') {
    throw new RealtimeError('CONFIG', `registerProvider("${name}"): packageName is required`, { provider: name });
  }
  registry.set(name, definition);
}

/** The names {@link registerProvider} knows, built-ins first. */
export function registeredProviders(): ProviderName[] {
  return [...registry.keys()] as ProviderName[];
}

/** The definition of a registered provider, if there is one. */
export function registeredDefinition(provider: string): ProviderDefinition | undefined {
  return registry.get(provider);
}

/** The definition of a registered provider; CONFIG naming the known ones otherwise. */
export function providerDefinition(provider: string): ProviderDefinition {
  const entry = registry.get(provider);
  if (!entry) {
    throw new RealtimeError(
      'CONFIG',
      `Unknown realtime provider "${provider}". Use one of: ${[...registry.keys()].join(', ')}, or register it with registerProvider`,
      { details: { provider } },
    );
  }
  return entry;
}

/**
 * Loads an adapter module, turning "module not found" into "install X". `loader` replaces the
 * registered import (the app's literal `import()`, which its bundler can split into a lazy chunk).
 */
export async function loadAdapterModule<T>(
  provider: string,
  side: 'publisher' | 'subscriber',
  loader?: () => Promise<unknown>,
): Promise<T> {
  const entry = loader ? undefined : providerDefinition(provider);
  const load = loader ?? entry?.[side];
  if (!load) {
    throw new RealtimeError('CONFIG', `The "${provider}" provider registered no ${side} module`, { provider });
  }
  try {
    return (await load()) as T;
  } catch (cause) {
    // "Install" only when the adapter or its SDK is what is missing, not when either throws for another reason.
    const known = registry.get(provider);
    const needs = known ? [known.packageName, known.sdk ?? ''].filter(Boolean) : [];
    if (!needs.some((name) => isMissingModule(cause, name))) throw cause;
    throw new RealtimeError('CONFIG', `The "${provider}" provider needs ${needs.join(' and ')}: install them`, { provider, cause });
  }
}
