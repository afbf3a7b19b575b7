/**
 * The memory adapter's conformance test bed: raw transports on one in-process MemoryHub under the
 * catalog's rules. The memory adapter takes no credential from an auth endpoint (the user is an
 * option), so it has no `authEndpoint` and the suite's auth-endpoint cases skip, saying so.
 */
import { createPublisherTransport, createSubscriberTransport, MemoryHub } from '@switchboard/core/memory';
import type { ConformanceCatalog, ConformanceTestBed } from '@switchboard/testing/conformance';

export async function startMemoryTestBed({ rules }: ConformanceCatalog): Promise<ConformanceTestBed> {
  const hub = new MemoryHub({ rules });
  return {
    publisherTransport: () => createPublisherTransport({ hub }),
    subscriberTransport: (user) => createSubscriberTransport({ hub, ...(user ? { user } : {}) }),
    dropConnections: (options) => hub.dropConnections(options),
    failNextPublishes: (count) => hub.failNextPublishes(count),
    teardown: async () => {},
  };
}
