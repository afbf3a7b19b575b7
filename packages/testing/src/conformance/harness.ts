import type {
  AccessRules,
  AnyChannelDefinition,
  AuthUser,
  PublisherCoreOptions,
  RealtimePublisher,
  RealtimeSubscriber,
  SubscriberCoreOptions,
} from '@switchboard/core';

/** What the suite hands an adapter's setup: the channels it will use and their access rules. */
export interface ConformanceCatalog {
  /** The channel definitions the cases use; the harness's auth must accept them. */
  channels: readonly AnyChannelDefinition[];
  /** Rules for the channels; the definitions also carry them as `authorize`. */
  rules: AccessRules;
}

/** What an adapter's setup returns: real clients on its real server or emulator. */
export interface ConformanceHarness {
  /** A publisher on the adapter. */
  publisher: RealtimePublisher;
  /** A publisher created with `validate: false`, to put schema-invalid data on the wire. */
  unvalidatedPublisher: RealtimePublisher;
  /**
   * Another publisher on the adapter with these core options (a history store, for the history
   * cases). Without it the history cases skip, and say so.
   */
  createPublisher?(options: PublisherCoreOptions): RealtimePublisher;
  /** A subscriber signed in as `user` (anonymous when absent), with the given core options. */
  createSubscriber(user: AuthUser | undefined, options: SubscriberCoreOptions): RealtimeSubscriber;
  /**
   * Fault: drop every subscriber connection at the server. Resolves once they are down; clients
   * reconnect on their own. `recover: false` makes the server forget their state, so recovery
   * is impossible and a gap must be reported.
   */
  dropConnections(options?: { recover?: boolean }): Promise<void>;
  /** Fault: the next `count` publish requests fail with a retriable server error (5xx). */
  failNextPublishes(count: number): void;
  /** Stops servers and clients the harness started. */
  teardown(): Promise<void>;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Adapter name, shown in test titles. */
  name: string;
  /** Starts the adapter's server or emulator and returns a harness of real clients on it. */
  setup(catalog: ConformanceCatalog): Promise<ConformanceHarness>;
  /**
   * Per-case timeout.
   * @default 20000
   */
  timeoutMs?: number;
}
