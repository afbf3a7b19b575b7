/**
 * The Socket.IO adapter's conformance test bed: raw transports on real hubs (socket.io over real
 * sockets; two hubs over Redis when asked), handshake tokens signed for each user, and the hubs'
 * fault hooks. The publisher reaches the hub in-process or over its HTTP endpoint.
 */
import type { ConformanceCatalog, ConformanceTestBed } from '@switchboard/testing/conformance';
import { Redis } from 'ioredis';
// The /client-events entry: the base subscriber plus client events, so the client-event cases run too.
import { createSubscriberTransport } from '../src/client-events/index.js';
import { createPublisherTransport, type Hub, signHubToken, socketIoAuthorizer } from '../src/index.js';
import { uniqueId } from './catalog.js';
import { REDIS_URL, SECRET, startHub } from './helpers.js';

/** How the test bed's publisher reaches the hub, and whether two hubs share Redis. */
export interface SocketIoTestBedOptions {
  publisher: 'in-process' | 'http';
  redis?: boolean;
}

export async function startSocketIoTestBed(
  { channels, rules }: ConformanceCatalog,
  options: SocketIoTestBedOptions,
): Promise<ConformanceTestBed> {
  const redis = options.redis
    ? { url: REDIS_URL, streamName: uniqueId('switchboard-conformance-'), relayKey: uniqueId('switchboard-relay-') }
    : undefined;
  const hubs: Hub[] = [await startHub(channels, { rules, ...(redis ? { redis } : {}) })];
  if (redis) hubs.push(await startHub(channels, { rules, redis }));
  const publishingHub = hubs[hubs.length - 1] as Hub;
  const subscribers: Array<ReturnType<typeof createSubscriberTransport>> = [];
  let turn = 0;
  return {
    publisherTransport: () =>
      options.publisher === 'in-process'
        ? createPublisherTransport({ hub: publishingHub })
        : createPublisherTransport({ url: publishingHub.url, secret: SECRET }),
    subscriberTransport(user) {
      // Subscribers alternate between the hubs, so every case also holds across hubs.
      const hub = hubs[turn++ % hubs.length] as Hub;
      const transport = createSubscriberTransport({
        url: hub.url,
        ...(user ? { token: () => signHubToken({ user, secret: SECRET }) } : {}),
        reconnectionDelayMs: 50,
        reconnectionDelayMaxMs: 250,
        requestTimeoutMs: 8000,
      });
      subscribers.push(transport);
      return transport;
    },
    authEndpoint: {
      authorizer: socketIoAuthorizer({ secret: SECRET, url: (hubs[0] as Hub).url }),
      subscriberModule: () => import('../src/subscriber/index.js'),
    },
    async dropConnections(dropOptions) {
      const connected = subscribers.filter((transport) => transport.state() === 'connected');
      const noticed = connected.map(
        (transport) =>
          new Promise<void>((resolve) => {
            const stop = transport.onStateChange((change) => {
              if (change.current === 'connected') return;
              stop();
              resolve();
            });
          }),
      );
      await Promise.all(hubs.map((hub) => hub.dropConnections(dropOptions)));
      await Promise.race([Promise.all(noticed), new Promise((resolve) => setTimeout(resolve, 5000))]);
    },
    failNextPublishes: (count) => publishingHub.failNextPublishes(count),
    async teardown() {
      await Promise.all(hubs.map((hub) => hub.close()));
      if (!redis) return;
      const cleanup = new Redis(REDIS_URL);
      await cleanup.del(redis.streamName);
      cleanup.disconnect();
    },
  };
}
