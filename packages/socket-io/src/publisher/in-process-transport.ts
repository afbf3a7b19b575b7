import { type PublisherTransport, SPECIFICATION_VERSION } from '@switchboard/core';
import { PROVIDER, socketIoCapabilities, socketIoLimits } from '../constants.js';
import type { Hub } from '../hub/hub-types.js';

/** Publishing in the hub's own process. */
export interface InProcessPublisherOptions {
  /** The hub running in this process. */
  hub: Hub;
  /**
   * Largest message; keep it equal to the hub's `maxPayloadBytes`.
   * @default 65536
   */
  maxPayloadBytes?: number;
}

/** Publishes straight into a hub in the same process: no network hop, no signature. */
export function inProcessPublisherTransport(options: InProcessPublisherOptions): PublisherTransport {
  const { hub } = options;
  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: socketIoCapabilities,
    limits: socketIoLimits(options.maxPayloadBytes),
    providerChannelName: (channel) => channel.name,
    send: (messages) => hub.publish(messages.map((message) => ({ channel: message.channel.name, envelope: message.envelope }))),
    presenceMembers: (channel) => hub.presenceMembers(channel.name),
    health: () => hub.health(),
    stats: () => hub.stats(),
    // The hub belongs to the app, which closes it.
    async close() {},
  };
}
