/**
 * The Ably adapter's conformance test bed: raw transports on a local Ably emulator (the real
 * `ably` SDK), tokens from the authorizer under the catalog's rules, and the emulator's fault hooks.
 */
import type { ConformanceCatalog, ConformanceTestBed } from '@switchboard/testing/conformance';
// The /client-events entry: the base subscriber plus client events, so the client-event cases run too.
import { createSubscriberTransport } from '../src/client-events/index.js';
import { createPublisherTransport } from '../src/index.js';
import { API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';

export async function startAblyTestBed({ channels, rules }: ConformanceCatalog): Promise<ConformanceTestBed> {
  const bed = await startTestBed(channels, rules);
  return {
    publisherTransport: () => createPublisherTransport({ apiKey: API_KEY, ...bed.host, clientOptions: fastClientOptions }),
    subscriberTransport: (user) =>
      createSubscriberTransport({ ...bed.host, authCallback: bed.tokenSource(user), clientOptions: fastClientOptions }),
    authEndpoint: { authorizer: bed.authorizer, subscriberModule: () => import('../src/subscriber/index.js') },
    // Stay down a moment so messages published meanwhile are truly missed, then recovered by resume.
    dropConnections: async (options) => bed.emulator.dropAll({ downForMs: 150, ...options }),
    failNextPublishes: (count) => bed.emulator.failNextRest(count, 500),
    teardown: () => bed.emulator.close(),
  };
}
