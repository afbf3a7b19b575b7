/**
 * The adapter specification: what a provider package implements. Core wraps a transport with
 * validation, envelopes, limits, retries, de-duplication and presence aggregation, so adapters stay
 * thin and every provider behaves the same above this line.
 */
import type { Capabilities, ProviderLimits } from './capabilities.js';
import type { ChannelRef } from './channel.js';
import type { Envelope } from './envelope.js';
import type { RealtimeError } from './errors.js';
import type { HealthReason, HealthStatus } from './health/health-report.js';
import type { ProviderStats } from './health/provider-stats.js';

/** The version of the adapter contract a transport implements. */
export const SPECIFICATION_VERSION = 'switchboard.v1';

/** Health of a publisher or hub. */
export interface HealthReport {
  /** `healthy`, `degraded` (working with trouble), or `unhealthy` (cannot deliver). */
  status: HealthStatus;
  /** Why the status is not `healthy`, one entry per problem; empty or absent when healthy. */
  reasons?: HealthReason[] | undefined;
  /** The provider checked. */
  provider: string;
  /** Round trip of the check, when one was made. */
  latencyMs?: number | undefined;
  /** Free-form facts: connected clients, last error, Redis status. */
  details?: Record<string, unknown> | undefined;
}

/** One message ready for the wire. */
export interface OutboundMessage {
  /** The channel to publish on. */
  channel: ChannelRef;
  /** The envelope to send as is. */
  envelope: Envelope;
}

/** One message of a batch the provider refused, by its index in the batch `send` was given. */
export interface MessageFailure {
  /** Index of the message in the array passed to `send`. */
  index: number;
  /** Why it failed; retriable ones are sent again by core, alone. */
  error: RealtimeError;
}

/** Per-message outcome of a `send` whose provider answers each message separately (batch APIs). */
export interface SendOutcome {
  /** The messages that were not accepted; every other message was delivered. */
  failures: MessageFailure[];
}

/** A presence member as one connection reports it. */
export interface PresenceConnection {
  /** The user id the server authenticated. */
  userId: string;
  /** The provider's id of the connection, when it reports one. */
  connectionId?: string | undefined;
  /** The member's presence data, as its client chose it. */
  data?: unknown;
  /** The user's public profile as the server issued it (`AuthUser.info`), where the provider carries one. */
  info?: Record<string, unknown> | undefined;
  /**
   * Server-side queries only: `ids-only` when the provider returned the user id alone (Pusher's
   * HTTP API), `recorded` when the adapter filled `data`/`info` from Switchboard's own record.
   * @default 'provider'
   */
  dataSource?: 'provider' | 'recorded' | 'ids-only';
}

/** The server half of an adapter: maps names, sends batches, answers presence and health. */
export interface PublisherTransport {
  /** The contract version this transport implements: {@link SPECIFICATION_VERSION}. */
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  /** The provider's name, as errors and health reports show it. */
  readonly provider: string;
  /** What the provider supports; core refuses the rest with UNSUPPORTED. */
  readonly capabilities: Capabilities;
  /** Limits core checks before anything is sent. */
  readonly limits: ProviderLimits;
  /** Maps a logical channel to the provider's legal name; throws INVALID_CHANNEL when it can't. */
  providerChannelName(channel: ChannelRef): string;
  /**
   * Sends one chunk core cut within `limits` (count, bytes, distinct channels), in as few provider
   * requests as possible. Throws RealtimeError when the whole request failed; retriable ones
   * (PROVIDER_UNAVAILABLE, TIMEOUT, RATE_LIMITED) are retried by core with the same envelopes.
   * When the provider answers per message, resolves with the failures instead: core retries only
   * the retriable failed entries and reports the others.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: transports without per-message outcomes return nothing.
  send(messages: OutboundMessage[], signal?: AbortSignal): Promise<void | SendOutcome>;
  /**
   * Bytes one message adds to a batch request as this provider encodes it; core's chunking sums it
   * against `limits.maxBatchBytes`. Absent: the envelope JSON plus the provider channel name.
   */
  wireSize?(message: OutboundMessage): number;
  /** Present when `capabilities.serverPresence`: the connections present on a channel. */
  presenceMembers?(channel: ChannelRef): Promise<PresenceConnection[]>;
  /** Checks the provider can be reached; never throws, reports `unhealthy` instead. */
  health(): Promise<HealthReport>;
  /** Counts the provider can tell (connections, channels, subscriptions, presence members). */
  stats?(): Promise<ProviderStats>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}

/** One unified set of connection states, mapped from each vendor's. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed' | 'closed';

/** One connection state change. */
export interface StateChange {
  /** The state now. */
  current: ConnectionState;
  /** The state before. */
  previous: ConnectionState;
  /** Why the state changed, when the provider said. */
  reason?: RealtimeError | undefined;
  /** The raw vendor state or event, kept for debugging. */
  raw?: unknown;
}

/** A message as a transport hands it to core, before envelope checks and validation. */
export interface InboundMessage {
  /** The envelope as received (object or JSON string); core checks its shape. */
  envelope: unknown;
  /** True when the provider replayed this message after a reconnect. */
  recovered: boolean;
}

/** Continuity on a channel was lost: messages may have been missed. The app should refetch. */
export interface GapInfo {
  /** Logical channel name. */
  channel: string;
  /**
   * Why continuity could not be promised. `retention-exceeded`: with a history store, the missed
   * messages were older than the channel's retention (`fromSeq`–`toSeq` say exactly which).
   */
  reason: 'reconnected-without-recovery' | 'recovery-window-exceeded' | 'recovery-failed' | 'resubscribed' | 'retention-exceeded';
  /**
   * Messages published from this time on (milliseconds since the epoch) may be missing: the
   * transport's own estimate (when the connection was lost) or the publish time of the last message
   * the channel received, whichever is earlier. Core always fills it in for the app.
   */
  since?: number | undefined;
  /** With a history store: the first history number that was missed. */
  fromSeq?: number | undefined;
  /** With a history store: the last history number that was missed. */
  toSeq?: number | undefined;
}

/** A presence change of one connection, as a transport reports it. */
export interface PresenceTransportEvent {
  /** What the connection did. */
  action: 'enter' | 'update' | 'leave';
  /** The connection and its data. */
  member: PresenceConnection;
}

/** Where a transport reports what happens on one attached channel. */
export interface ChannelSink {
  /** A message arrived on the channel. */
  message(message: InboundMessage): void;
  /** Continuity was lost: messages may have been missed. */
  gap(gap: Omit<GapInfo, 'channel'>): void;
  /** A connection entered, updated or left presence. */
  presence(event: PresenceTransportEvent): void;
  /** The channel failed after it was attached (permission revoked, provider error). */
  error(error: RealtimeError): void;
}

/** Options of {@link SubscriberTransport.attach}. */
export interface AttachOptions {
  /**
   * Ask the provider for up to this many recent messages (where history is supported). `{ since }`
   * (messages after a history number) is served by core's history catch-up and never reaches an adapter.
   */
  rewind?:
    | number
    | {
        /** Messages after this history number. */
        since: number;
      }
    | undefined;
}

/** The client half of an adapter: one connection, channels attached to sinks, optional presence. */
export interface SubscriberTransport {
  /** The contract version this transport implements: {@link SPECIFICATION_VERSION}. */
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  /** The provider's name, as errors and health reports show it. */
  readonly provider: string;
  /** What the provider supports; core refuses the rest with UNSUPPORTED. */
  readonly capabilities: Capabilities;
  /** Limits core checks before anything is sent. */
  readonly limits: ProviderLimits;
  /** Current state. `idle` until `connect()`. */
  state(): ConnectionState;
  /** The provider's id for this connection, once connected. */
  connectionId(): string | undefined;
  /** Listens to state changes; returns the function that stops listening. */
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** Opens the connection; core calls it on the first subscribe. Must not throw. */
  connect(): void;
  /**
   * Subscribes the connection to a channel. Resolves when the provider confirmed it; rejects with
   * FORBIDDEN/UNAUTHORIZED/INVALID_CHANNEL when refused. After a reconnect the transport
   * re-attaches on its own and reports recovered messages or a gap through the sink.
   */
  attach(channel: ChannelRef, sink: ChannelSink, options: AttachOptions): Promise<void>;
  /** Unsubscribes the connection from a channel. */
  detach(channel: ChannelRef): Promise<void>;
  /** Present when `capabilities.presence`. */
  presence?: {
    /** Enters presence on a channel with this connection. */
    enter(channel: ChannelRef, data: unknown): Promise<void>;
    /** Replaces this connection's presence data. */
    update(channel: ChannelRef, data: unknown): Promise<void>;
    /** Leaves presence on a channel. */
    leave(channel: ChannelRef): Promise<void>;
    /** The connections present on a channel. */
    members(channel: ChannelRef): Promise<PresenceConnection[]>;
  };
  /** Closes the connection. Safe to call twice. */
  close(): Promise<void>;
}
