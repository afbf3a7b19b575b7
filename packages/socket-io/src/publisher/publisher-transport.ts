import {
  createPublisherFromTransport,
  type PublisherCoreOptions,
  type PublisherTransport,
  RealtimeError,
  type RealtimePublisher,
} from '@switchboard/core';
import { PROVIDER } from '../constants.js';
import { type HttpPublisherOptions, httpPublisherTransport } from './http-transport.js';
import { type InProcessPublisherOptions, inProcessPublisherTransport } from './in-process-transport.js';
import { type RedisPublisherOptions, redisPublisherTransport } from './redis-transport.js';

/**
 * How a publisher reaches the hub: in-process (`{ hub }`), over the hub's signed HTTP endpoint
 * (`{ url, secret }`), or through Redis from a worker (`{ redisUrl }`).
 */
export type SocketIoPublisherOptions = InProcessPublisherOptions | HttpPublisherOptions | RedisPublisherOptions;

/** The publisher transport core loads for `createPublisher({ provider: 'socket-io', ... })`. */
export function createPublisherTransport(options: SocketIoPublisherOptions): PublisherTransport {
  if (options && 'hub' in options && options.hub) return inProcessPublisherTransport(options);
  if (options && 'url' in options && options.url !== undefined) return httpPublisherTransport(options);
  if (options && 'redisUrl' in options && options.redisUrl !== undefined) return redisPublisherTransport(options);
  throw new RealtimeError(
    'CONFIG',
    'The Socket.IO publisher needs { hub }, { url, secret } (SOCKET_IO_URL, SOCKET_IO_SECRET) or { redisUrl } (REDIS_URL)',
    {
      provider: PROVIDER,
    },
  );
}

/** A Socket.IO publisher, ready to use (tree-shakes best). */
export function socketIoPublisher(options: SocketIoPublisherOptions & PublisherCoreOptions): RealtimePublisher {
  return createPublisherFromTransport(createPublisherTransport(options), options);
}
