import type { Emitter } from '@socket.io/redis-emitter';
import { healthReason, type PublisherTransport, RealtimeError, SPECIFICATION_VERSION } from '@switchboard/core';
import { loadPeer } from '@switchboard/core/adapter';
import type { Redis } from 'ioredis';
import { PROVIDER, socketIoCapabilities, socketIoLimits, WIRE } from '../constants.js';
import { excludedRooms, subscriberWire } from '../user-room.js';

/** Publishing from workers through Redis (`@socket.io/redis-emitter`), with no HTTP hop. */
export interface RedisPublisherOptions {
  /** Redis shared with the hubs (`REDIS_URL`). */
  redisUrl: string;
  /**
   * Channel prefix the hubs relay from; must match the hub's `redis.relayKey`.
   * @default 'switchboard-relay'
   */
  relayKey?: string;
  /**
   * Largest message; keep it equal to the hub's `maxPayloadBytes`.
   * @default 65536
   */
  maxPayloadBytes?: number;
}

interface Connection {
  redis: Redis;
  emitter: Emitter;
}

/**
 * Publishes from worker processes through Redis with `@socket.io/redis-emitter`, without a
 * connection to any hub. The hubs relay each message into their shared stream once, so it reaches
 * every subscriber and can be recovered. A send succeeds once Redis delivered the message to at
 * least one hub; with no hub listening it fails with a retriable PROVIDER_UNAVAILABLE. Presence
 * queries need a hub: use the HTTP publisher for them.
 */
export function redisPublisherTransport(options: RedisPublisherOptions): PublisherTransport {
  if (typeof options.redisUrl !== 'string' || !/^rediss?:\/\//.test(options.redisUrl)) {
    throw new RealtimeError('CONFIG', 'The Socket.IO Redis publisher needs redisUrl (redis://...)', { provider: PROVIDER });
  }
  let connecting: Promise<Connection> | undefined;
  let closed = false;
  // The emitter calls `publish` synchronously inside emit(); collecting the promises lets send()
  // wait for Redis and report failures instead of leaving them unhandled.
  let published: Promise<unknown>[] = [];

  const connect = (): Promise<Connection> => {
    connecting ??= (async () => {
      const [{ Redis }, { Emitter }] = await Promise.all([
        loadPeer('ioredis', () => import('ioredis'), 'The Socket.IO Redis publisher', PROVIDER),
        loadPeer('@socket.io/redis-emitter', () => import('@socket.io/redis-emitter'), 'The Socket.IO Redis publisher', PROVIDER),
      ]);
      const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      redis.on('error', () => {});
      try {
        await redis.connect();
      } catch (cause) {
        // ioredis keeps retrying in the background after a failed connect(); stop it, the next send retries.
        redis.disconnect();
        throw cause;
      }
      const client = { publish: (channel: string, message: string) => published.push(redis.publish(channel, message)) };
      const emitter = new Emitter(client, {
        key: options.relayKey ?? 'switchboard-relay',
        parser: { encode: (value) => JSON.stringify(value) },
      });
      return { redis, emitter };
    })();
    connecting.catch(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const unavailable = (cause: unknown) =>
    new RealtimeError('PROVIDER_UNAVAILABLE', `Redis at ${options.redisUrl.replace(/\/\/[^@]*@/, '//***@')} is unavailable`, {
      provider: PROVIDER,
      cause,
    });

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: { ...socketIoCapabilities, serverPresence: false },
    limits: socketIoLimits(options.maxPayloadBytes),
    providerChannelName: (channel) => channel.name,
    async send(messages) {
      if (closed) throw new RealtimeError('CLOSED', 'This publisher is closed', { provider: PROVIDER });
      const { emitter } = await connect().catch((cause) => {
        throw RealtimeError.isInstance(cause) ? cause : unavailable(cause);
      });
      published = [];
      for (const { channel, envelope } of messages) {
        const except = excludedRooms(envelope);
        const target = except.length > 0 ? emitter.to(channel.name).except(except) : emitter.to(channel.name);
        target.emit(WIRE.message, channel.name, subscriberWire(envelope));
      }
      const pending = published;
      published = [];
      const listeners = await Promise.all(pending).catch((cause) => {
        throw unavailable(cause);
      });
      // PUBLISH answers how many subscribers heard it; none means no hub relays it into the stream
      // (every hub down, or reconnecting after a Redis restart): the message is gone, so say so.
      if (listeners.some((count) => count === 0)) {
        throw new RealtimeError('PROVIDER_UNAVAILABLE', 'No hub is listening on Redis: the message was not delivered, retry it', {
          provider: PROVIDER,
          retriable: true,
        });
      }
    },
    async health() {
      const started = Date.now();
      try {
        const { redis } = await connect();
        await redis.ping();
        return { status: 'healthy', reasons: [], provider: PROVIDER, latencyMs: Date.now() - started, details: { redis: 'ready' } };
      } catch (error) {
        const message = `Redis does not answer: ${(error as Error).message}`;
        return {
          status: 'unhealthy',
          reasons: [healthReason('redis-down', 'unhealthy', message)],
          provider: PROVIDER,
          details: { redis: 'unreachable', error: (error as Error).message },
        };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const connection = await connecting?.catch(() => undefined);
      await connection?.redis.quit().catch(() => connection.redis.disconnect());
    },
  };
}
