import { runConformance } from '@switchboard/testing/conformance';
import { socketIoPublisher } from '../src/index.js';
import { conformanceClients, SECRET, startHub } from './helpers.js';

runConformance({
  name: 'socket-io (HTTP publisher)',
  async setup({ channels, rules }) {
    const hub = await startHub(channels, { rules });
    const clients = conformanceClients([hub]);
    const publisher = socketIoPublisher({ url: hub.url, secret: SECRET });
    return {
      publisher,
      unvalidatedPublisher: socketIoPublisher({ url: hub.url, secret: SECRET, validate: false }),
      createPublisher: (options) => socketIoPublisher({ url: hub.url, secret: SECRET, ...options }),
      createSubscriber: clients.createSubscriber,
      dropConnections: clients.dropConnections,
      failNextPublishes: (count) => hub.failNextPublishes(count),
      teardown: async () => {
        await publisher.close();
        await hub.close();
      },
    };
  },
});
