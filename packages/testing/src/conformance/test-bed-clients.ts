/**
 * The suite's own wrapping of a test bed's raw transports in core: every publisher (including the
 * `validate: false` one that puts schema-invalid data on the wire) and every subscriber the cases
 * use is built here, the way an app builds them.
 */
import {
  type AuthUser,
  createPublisher,
  createSubscriber,
  type PublisherCoreOptions,
  type RealtimePublisher,
  type RealtimeSubscriber,
  type SubscriberCoreOptions,
} from '@switchboard/core';
import type { ConformanceTestBed } from './harness.js';

/** Core clients on one test bed, plus its fault hooks: what the cases use. */
export interface ConformanceClients extends Pick<ConformanceTestBed, 'dropConnections' | 'failNextPublishes'> {
  /** A publisher on the adapter. */
  publisher: RealtimePublisher;
  /** A publisher created with `validate: false`. */
  unvalidatedPublisher: RealtimePublisher;
  /** Another publisher with these core options (a history store, for the history cases). */
  createPublisher(options: PublisherCoreOptions): RealtimePublisher;
  /** A subscriber signed in as `user` (anonymous when absent), with the given core options. */
  createSubscriber(user: AuthUser | undefined, options: SubscriberCoreOptions): RealtimeSubscriber;
  /** Closes every publisher made here. */
  close(): Promise<void>;
}

export function clientsOf(bed: ConformanceTestBed): ConformanceClients {
  const publishers: RealtimePublisher[] = [];
  const publisher = (options: PublisherCoreOptions = {}) => {
    const created = createPublisher({ adapter: bed.publisherTransport(), ...options });
    publishers.push(created);
    return created;
  };
  return {
    publisher: publisher(),
    unvalidatedPublisher: publisher({ validate: false }),
    createPublisher: publisher,
    createSubscriber: (user, options) => createSubscriber({ adapter: bed.subscriberTransport(user), ...options }),
    dropConnections: (options) => bed.dropConnections(options),
    failNextPublishes: (count) => bed.failNextPublishes(count),
    close: async () => {
      await Promise.all(publishers.map((created) => created.close().catch(() => {})));
    },
  };
}
