/**
 * Several Socket.IO hubs scaled out on a Redis of the rig's own (a redis-server process it may
 * kill), for the multi-hub Redis outage. Subscribers are spread over the hubs in turn; the
 * publisher posts to the first hub's signed HTTP endpoint, so an outage is a real 503 it retries.
 */
import { createHub, type Hub, socketIoPublisher } from '@switchboard/socket-io';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { type FaultRig, faultChannels, type RedisServer, type RedisServerOptions, startRedisServer } from '@switchboard/testing/faults';
import { HUB_SECRET } from './socket-io-rig.js';

export interface SocketIoClusterRigOptions {
  /** @default 3 */
  hubs?: number;
  /** What survives a Redis crash. @default 'none' */
  persistence?: RedisServerOptions['persistence'];
}

export interface SocketIoClusterRig extends FaultRig {
  hubs: Hub[];
  redis: RedisServer;
  /** Kills Redis (SIGKILL), keeps it down for `ms`, starts it again on the same port. */
  redisOutage(ms: number): Promise<void>;
}

export async function socketIoClusterRig(options: SocketIoClusterRigOptions = {}): Promise<SocketIoClusterRig> {
  const persistence = options.persistence ?? 'none';
  const redis = await startRedisServer({ persistence });
  const hubs: Hub[] = [];
  try {
    for (let index = 0; index < (options.hubs ?? 3); index += 1) {
      const hub = createHub({
        channels: faultChannels,
        secret: HUB_SECRET,
        host: '127.0.0.1',
        port: 0,
        redis: { url: redis.url, streamName: 'cluster', streamMaxLength: 100_000 },
        // The fault-suite subscribers connect without a token (public channels).
        allowAnonymous: true,
      });
      hubs.push(hub);
      await hub.listen();
    }
  } catch (error) {
    await Promise.all(hubs.map((hub) => hub.close().catch(() => {})));
    await redis.stop();
    throw error;
  }
  let turn = 0;
  const [first] = hubs as [Hub];
  return {
    name: `socket-io, ${hubs.length} hubs + Redis (${persistence === 'none' ? 'no persistence' : 'appendfsync always'})`,
    hubs,
    redis,
    publisher: (core = {}) => socketIoPublisher({ url: first.url, secret: HUB_SECRET, ...core }),
    subscriberTransport: () => {
      const hub = hubs[turn++ % hubs.length] as Hub;
      return createSubscriberTransport({ url: hub.url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 500 });
    },
    dropConnections: async () => {
      await Promise.all(hubs.map((hub) => hub.dropConnections()));
    },
    failPublishes() {
      for (const hub of hubs) hub.failNextPublishes(Number.MAX_SAFE_INTEGER);
      return () => {
        for (const hub of hubs) hub.failNextPublishes(0);
      };
    },
    async redisOutage(ms) {
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await redis.restart();
    },
    async teardown() {
      await Promise.all(hubs.map((hub) => hub.close().catch(() => {})));
      await redis.stop();
    },
  };
}
