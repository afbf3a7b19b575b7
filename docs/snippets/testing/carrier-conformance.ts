// carrier-conformance.test.ts — the whole suite against the adapter's real server or emulator.
// The test bed hands over raw transports; the suite wraps them in core itself.

import { runConformance } from '@switchboard/testing/conformance';
import {
  carrierAuthorizer,
  carrierTokenFor,
  createCarrierSubscriberTransport,
  dropAllCarrierConnections,
  failNextCarrierPublishes,
  startCarrierTestServer,
} from '../your-app/carrier-sdk.js';
import { createPublisherTransport } from './carrier-publisher.js';

runConformance({
  name: 'carrier',
  async setup() {
    const server = await startCarrierTestServer();
    return {
      publisherTransport: () => createPublisherTransport({ apiKey: server.apiKey, host: server.host }),
      subscriberTransport: (user) =>
        createCarrierSubscriberTransport({ host: server.host, token: carrierTokenFor(server.apiKey, user?.id) }),
      // The suite serves createAuthHandler with this authorizer and subscribes through it.
      authEndpoint: {
        authorizer: carrierAuthorizer({ apiKey: server.apiKey, host: server.host }),
        subscriberModule: () => import('./carrier-subscriber.js'),
      },
      dropConnections: (options) => dropAllCarrierConnections(server.host, options),
      failNextPublishes: (count) => failNextCarrierPublishes(server.host, count),
      teardown: () => server.close(),
    };
  },
});
