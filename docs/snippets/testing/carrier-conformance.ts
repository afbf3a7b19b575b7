// carrier-conformance.test.ts — the whole suite against the adapter's real server or emulator.

import { createSubscriberFromTransport } from '@switchboard/core/client';
import { createPublisherFromTransport } from '@switchboard/core/server';
import { runConformance } from '@switchboard/testing/conformance';
import {
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
    const transport = () => createPublisherTransport({ apiKey: server.apiKey, host: server.host });
    return {
      publisher: createPublisherFromTransport(transport()),
      unvalidatedPublisher: createPublisherFromTransport(transport(), { validate: false }),
      createSubscriber: (user, options) =>
        createSubscriberFromTransport(
          createCarrierSubscriberTransport({ host: server.host, token: carrierTokenFor(server.apiKey, user?.id) }),
          options,
        ),
      dropConnections: (options) => dropAllCarrierConnections(server.host, options),
      failNextPublishes: (count) => failNextCarrierPublishes(server.host, count),
      teardown: () => server.close(),
    };
  },
});
