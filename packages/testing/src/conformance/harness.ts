/**
 * What an adapter hands the conformance suite: a test bed of raw transports on its real server or
 * emulator, the adapter as the app's auth endpoint serves it, and two fault hooks. The suite wraps
 * the transports in core itself (`test-bed-clients.ts`), so no adapter can hand it a publisher or
 * subscriber that core did not build.
 */
import type {
  AccessRules,
  AnyChannelDefinition,
  AuthUser,
  ProviderAuthorizer,
  PublisherTransport,
  SubscriberTransport,
} from '@switchboard/core';

/** What the suite hands an adapter's setup: the channels it will use and their access rules. */
export interface ConformanceCatalog {
  /** The channel definitions the cases use; the test bed's server and auth must accept them. */
  channels: readonly AnyChannelDefinition[];
  /** Rules for the channels; the definitions also carry them as `authorize`. */
  rules: AccessRules;
}

/**
 * The adapter behind the app's auth endpoint. The suite serves `createAuthHandler` with this
 * authorizer over HTTP and builds subscribers with `createSubscriber({ authEndpoint, adapters })`.
 */
export interface ConformanceAuthEndpoint {
  /** The adapter's authorizer, configured for the test bed's server or emulator. */
  authorizer: ProviderAuthorizer;
  /** Imports the adapter's subscriber module (what an `adapters` loader returns). */
  subscriberModule(): Promise<unknown>;
}

/** What an adapter's setup returns: raw transports on its real server or emulator. */
export interface ConformanceTestBed {
  /** A new publisher transport on the adapter's server; the suite wraps it with `createPublisher({ adapter })`. */
  publisherTransport(): PublisherTransport;
  /**
   * A new subscriber transport signed in as `user` (anonymous when absent); the suite wraps it
   * with `createSubscriber({ adapter })`.
   */
  subscriberTransport(user: AuthUser | undefined): SubscriberTransport;
  /**
   * The adapter behind an auth endpoint. Absent only for adapters that take no credential from one
   * (the in-memory adapter, which also passes `authEndpoint: false` to `runConformance`).
   */
  authEndpoint?: ConformanceAuthEndpoint | undefined;
  /**
   * Fault: drop every subscriber connection at the server. Resolves once they are down; clients
   * reconnect on their own. `recover: false` makes the server forget their state, so recovery
   * is impossible and a gap must be reported.
   */
  dropConnections(options?: { recover?: boolean }): Promise<void>;
  /** Fault: the next `count` publish requests fail with a retriable server error (5xx). */
  failNextPublishes(count: number): void;
  /** Stops servers the test bed started. */
  teardown(): Promise<void>;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Adapter name, shown in test titles. */
  name: string;
  /** Starts the adapter's server or emulator and returns its test bed. */
  setup(catalog: ConformanceCatalog): Promise<ConformanceTestBed>;
  /**
   * Per-case timeout.
   * @default 20000
   */
  timeoutMs?: number;
  /**
   * `false` for an adapter that takes no credential from an auth endpoint (the in-memory adapter):
   * the auth-endpoint cases are then not registered at all (said once on the console) rather than
   * registered and skipped.
   * @default true
   */
  authEndpoint?: boolean;
}
