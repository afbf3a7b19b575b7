import { createPublisher } from '@switchboard/core';
import { runConformance } from '@switchboard/testing/conformance';
import { createPublisherTransport, socketIoPublisher } from '../src/index.js';
import { conformanceClients, startHub } from './helpers.js';

runConformance({
  name: 'socket-io (in-process publisher)',
  async setup({ channels, rules }) {
    const hub = await startHub(channels, { rules });
    const clients = conformanceClients([hub]);
    return {
      publisher: createPublisher({ adapter: createPublisherTransport({ hub }) }),
      unvalidatedPublisher: socketIoPublisher({ hub, validate: false }),
      createPublisher: (options) => socketIoPublisher({ hub, ...options }),
      createSubscriber: clients.createSubscriber,
      dropConnections: clients.dropConnections,
      failNextPublishes: (count) => hub.failNextPublishes(count),
      teardown: () => hub.close(),
    };
  },
});
