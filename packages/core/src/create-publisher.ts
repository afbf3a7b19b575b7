/** `createPublisher`: a publisher from a provider name (its adapter imported on first use) or a transport. */

import type { PublisherModule } from './adapter-modules.js';
import type { MemoryPublisherOptions } from './memory/memory-transport.js';
import { loadAdapterModule, providerDefinition } from './providers.js';
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from './publisher.js';
import type { PublisherTransport } from './transport.js';

/**
 * Options of each publisher, by provider name. Adapter packages add theirs by declaration merging,
 * so `createPublisher({ provider: 'ably', ... })` is typed once `@switchboard/ably` is installed.
 */
export interface PublisherProviders {
  /** The in-memory provider. */
  memory: MemoryPublisherOptions;
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
 * Creates a publisher from a provider name (the adapter is imported lazily on first use) or from an
 * adapter instance (best for tree-shaking). Nothing connects until the first call.
 */
export function createPublisher(options: CreatePublisherOptions): RealtimePublisher {
  if ('adapter' in options && options.adapter) return createPublisherFromTransport(options.adapter, options);
  const { provider } = options as { provider: string };
  providerDefinition(provider);
  return createPublisherFromTransport(async () => {
    const module = await loadAdapterModule<PublisherModule>(provider, 'publisher');
    return module.createPublisherTransport(options);
  }, options);
}
