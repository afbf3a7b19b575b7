import { runConformance } from '@switchboard/testing/conformance';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { socketIoPublisher } from '../src/index.js';
import { uniqueId } from './catalog.js';
import { conformanceClients, REDIS_URL, redisAvailable, SECRET, startHub } from './helpers.js';

const available = await redisAvailable();

// Two hubs sharing Redis: subscribers alternate between them and the publisher talks to the second,
// so every case (presence, exclusion, recovery, gaps) also holds across hubs.
describe.skipIf(!available)('socket-io over Redis', () => {
  runConformance({
    name: 'socket-io (two hubs over Redis, HTTP publisher)',
    async setup({ channels, rules }) {
      const redis = { url: REDIS_URL, streamName: uniqueId('switchboard-conformance-'), relayKey: uniqueId('switchboard-relay-') };
      const hubs = [await startHub(channels, { rules, redis }), await startHub(channels, { rules, redis })] as const;
      const clients = conformanceClients(hubs);
      const publisher = socketIoPublisher({ url: hubs[1].url, secret: SECRET });
      return {
        publisher,
        unvalidatedPublisher: socketIoPublisher({ url: hubs[1].url, secret: SECRET, validate: false }),
        createPublisher: (options) => socketIoPublisher({ url: hubs[1].url, secret: SECRET, ...options }),
        createSubscriber: clients.createSubscriber,
        dropConnections: clients.dropConnections,
        failNextPublishes: (count) => hubs[1].failNextPublishes(count),
        teardown: async () => {
          await publisher.close();
          await Promise.all(hubs.map((hub) => hub.close()));
          const cleanup = new Redis(REDIS_URL);
          await cleanup.del(redis.streamName);
          cleanup.disconnect();
        },
      };
    },
  });
});
