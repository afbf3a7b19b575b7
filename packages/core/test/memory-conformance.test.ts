import { createPublisher, createSubscriber } from '@switchboard/core';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { runConformance } from '@switchboard/testing/conformance';

runConformance({
  name: 'memory',
  async setup({ rules }) {
    const hub = new MemoryHub({ rules });
    return {
      publisher: createPublisher({ provider: 'memory', hub }),
      unvalidatedPublisher: memoryPublisher({ hub, validate: false }),
      createPublisher: (options) => memoryPublisher({ hub, ...options }),
      createSubscriber: (user, options) => createSubscriber({ provider: 'memory', hub, ...(user ? { user } : {}), ...options }),
      dropConnections: (options) => hub.dropConnections(options),
      failNextPublishes: (count) => hub.failNextPublishes(count),
      teardown: async () => {},
    };
  },
});
