/**
 * What a publisher (or hub) can tell about its traffic: `stats()`. Every field is optional because
 * providers know different things — the hub knows its connections, Pusher its occupied channels,
 * core always knows what it published. The SMS guide's stats endpoint reads these.
 */

/** Counts a provider reports about itself, where it can tell. */
export interface ProviderStats {
  /** Open client connections. */
  connections?: number | undefined;
  /** Channels with at least one subscriber. */
  channels?: number | undefined;
  /** Channel subscriptions across connections. */
  subscriptions?: number | undefined;
  /** Presence members across presence channels (connections, not users). */
  presenceMembers?: number | undefined;
}

/** Message rates core measures on the publisher, per second over the last minute. */
export interface MessageRates {
  /** Messages the provider accepted. */
  publishedPerSecond: number;
  /** Retry attempts. */
  retriesPerSecond: number;
  /** Messages that failed for good. */
  failedPerSecond: number;
}

/** The publisher's `stats()`: the provider's counts plus core's rates and totals. */
export interface PublisherStats extends ProviderStats {
  /** The provider asked. */
  provider: string;
  /** Milliseconds since the publisher was created. */
  uptimeMs: number;
  /** Rates over the last minute. */
  rates: MessageRates;
  /** Totals since the publisher was created. */
  totals: {
    /** Messages the provider accepted. */
    published: number;
    /** Retry attempts. */
    retries: number;
    /** Messages that failed for good. */
    failed: number;
  };
  /** Messages waiting in the outbox, when there is one that can count them. */
  outboxBacklog?: number | undefined;
}
