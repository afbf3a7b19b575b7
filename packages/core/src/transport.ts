/**
 * The adapter specification: what a provider package implements. Core wraps a transport with
 * validation, envelopes, limits, retries, de-duplication and presence aggregation, so adapters stay
 * thin and every provider behaves the same above this line.
 */
import type { Capabilities, ProviderLimits } from './capabilities.js';
import type { ChannelRef } from './channel.js';
import type { Envelope } from './envelope.js';
import type { RealtimeError } from './errors.js';

export const SPECIFICATION_VERSION = 'switchboard.v1';

/** Health of a publisher or hub. */
export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  provider: string;
  /** Round trip of the check, when one was made. */
  latencyMs?: number | undefined;
  /** Free-form facts: connected clients, last error, Redis status. */
  details?: Record<string, unknown> | undefined;
}

/** One message ready for the wire. */
export interface OutboundMessage {
  channel: ChannelRef;
  envelope: Envelope;
}

/** A presence member as one connection reports it. */
export interface PresenceConnection {
  userId: string;
  connectionId?: string | undefined;
  data?: unknown;
}

export interface PublisherTransport {
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  readonly provider: string;
  readonly capabilities: Capabilities;
  readonly limits: ProviderLimits;
  /** Maps a logical channel to the provider's legal name; throws INVALID_CHANNEL when it can't. */
  providerChannelName(channel: ChannelRef): string;
  /**
   * Sends up to `limits.maxBatchSize` messages, in as few provider requests as possible.
   * Throws RealtimeError; retriable ones (PROVIDER_UNAVAILABLE, TIMEOUT, RATE_LIMITED) are retried
   * by core with the same envelopes.
   */
  send(messages: OutboundMessage[], signal?: AbortSignal): Promise<void>;
  /** Present when `capabilities.serverPresence`: the connections present on a channel. */
  presenceMembers?(channel: ChannelRef): Promise<PresenceConnection[]>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/** One unified set of connection states, mapped from each vendor's. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed' | 'closed';

export interface StateChange {
  current: ConnectionState;
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
  channel: string;
  /** Why continuity could not be promised. */
  reason: 'reconnected-without-recovery' | 'recovery-window-exceeded' | 'recovery-failed' | 'resubscribed';
  /** When the connection was lost, if known. */
  since?: number | undefined;
}

export interface PresenceTransportEvent {
  action: 'enter' | 'update' | 'leave';
  member: PresenceConnection;
}

/** Where a transport reports what happens on one attached channel. */
export interface ChannelSink {
  message(message: InboundMessage): void;
  gap(gap: Omit<GapInfo, 'channel'>): void;
  presence(event: PresenceTransportEvent): void;
  /** The channel failed after it was attached (permission revoked, provider error). */
  error(error: RealtimeError): void;
}

export interface AttachOptions {
  /** Ask the provider for up to this many recent messages (where history is supported). */
  rewind?: number | undefined;
}

export interface SubscriberTransport {
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  readonly provider: string;
  readonly capabilities: Capabilities;
  readonly limits: ProviderLimits;
  /** Current state. `idle` until `connect()`. */
  state(): ConnectionState;
  /** The provider's id for this connection, once connected. */
  connectionId(): string | undefined;
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** Opens the connection; core calls it on the first subscribe. Must not throw. */
  connect(): void;
  /**
   * Subscribes the connection to a channel. Resolves when the provider confirmed it; rejects with
   * FORBIDDEN/UNAUTHORIZED/INVALID_CHANNEL when refused. After a reconnect the transport
   * re-attaches on its own and reports recovered messages or a gap through the sink.
   */
  attach(channel: ChannelRef, sink: ChannelSink, options: AttachOptions): Promise<void>;
  detach(channel: ChannelRef): Promise<void>;
  /** Present when `capabilities.presence`. */
  presence?: {
    enter(channel: ChannelRef, data: unknown): Promise<void>;
    update(channel: ChannelRef, data: unknown): Promise<void>;
    leave(channel: ChannelRef): Promise<void>;
    members(channel: ChannelRef): Promise<PresenceConnection[]>;
  };
  close(): Promise<void>;
}
