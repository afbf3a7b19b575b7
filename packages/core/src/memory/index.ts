/**
 * The in-memory adapter: a complete provider inside one process. Reach for it in unit tests and in
 * single-process apps; it supports presence, exclusion and recovery after a simulated disconnect.
 *
 * @module @switchboard/core/memory
 */
import { createPublisherFromTransport, type PublisherCoreOptions, type RealtimePublisher } from '../publisher.js';
import { createSubscriberFromTransport, type RealtimeSubscriber, type SubscriberCoreOptions } from '../subscriber.js';
import {
  createPublisherTransport,
  createSubscriberTransport,
  type MemoryPublisherOptions,
  type MemorySubscriberOptions,
} from './memory-transport.js';

export {
  ACCEPTED_KEPT,
  type DropOptions,
  defaultMemoryHub,
  type MemoryConnection,
  MemoryHub,
  type MemoryHubOptions,
} from './memory-hub.js';
export {
  createPublisherTransport,
  createSubscriberTransport,
  type MemoryPublisherOptions,
  type MemorySubscriberOptions,
  memoryCapabilities,
  publisherOptionsFromEnv,
} from './memory-transport.js';

/** A publisher on a memory hub. */
export function memoryPublisher(options: MemoryPublisherOptions & PublisherCoreOptions = {}): RealtimePublisher {
  return createPublisherFromTransport(createPublisherTransport(options), options);
}

/** A subscriber on a memory hub, signed in as `options.user`. */
export function memorySubscriber(options: MemorySubscriberOptions & SubscriberCoreOptions = {}): RealtimeSubscriber {
  return createSubscriberFromTransport(createSubscriberTransport(options), options);
}
