/**
 * The Socket.IO hub scaled out on Redis (streams adapter) as a fault rig: publishes go over the
 * hub's signed HTTP endpoint, so an outage is a real 503 the publisher must retry.
 */
import { createHub, type Hub, socketIoPublisher } from '@switchboard/socket-io';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { faultChannels } from '@switchboard/testing/faults';
import { REDIS_URL } from '../support/redis.js';
import { malformedEnvelope } from './malformed-payloads.js';
import type { NetworkRig, ProviderClients } from './network-rig.js';

export const HUB_SECRET = 'reliability-secret-0123456789abcdef-0123';
/** The event name the hub emits messages under (the adapter's wire constant). */
const WIRE_MESSAGE = 'switchboard:message';

export interface SocketIoRigOptions {
  /** The Redis stream the hub shares; unique per rig so parallel files never meet. */
  streamName: string;
  /** Entries the stream keeps; must exceed what a recovery window publishes. */
  streamMaxLength?: number;
}

/** Clients of a hub at `url`, and the publisher's options by name (for other processes). */
export function socketIoClients(url: string): ProviderClients {
  return {
    publisher: (core = {}) => socketIoPublisher({ url, secret: HUB_SECRET, ...core }),
    subscriberTransport: () => createSubscriberTransport({ url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 500 }),
    publisherConfig: () => ({ provider: 'socket-io', url, secret: HUB_SECRET }),
  };
}

export async function socketIoRig(options: SocketIoRigOptions): Promise<NetworkRig & { hub: Hub }> {
  const hub = createHub({
    channels: faultChannels,
    secret: HUB_SECRET,
    host: '127.0.0.1',
    port: 0,
    // The fault rigs subscribe anonymously to public channels.
    allowAnonymous: true,
    redis: { url: REDIS_URL, streamName: options.streamName, streamMaxLength: options.streamMaxLength ?? 100_000 },
  });
  await hub.listen();
  return {
    name: 'socket-io + Redis',
    hub,
    ...socketIoClients(hub.url),
    dropConnections: () => hub.dropConnections(),
    failPublishes() {
      // The hub's fault hook answers 503 on its publish endpoint, whatever status was asked for.
      hub.failNextPublishes(Number.MAX_SAFE_INTEGER);
      return () => hub.failNextPublishes(0);
    },
    async injectMalformed(channel, kind) {
      hub.io?.to(channel.name).emit(WIRE_MESSAGE, channel.name, malformedEnvelope(kind));
      return { reached: true };
    },
    teardown: () => hub.close(),
  };
}
