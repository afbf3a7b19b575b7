import type { Server as HttpServer } from 'node:http';
import type { Envelope, HealthReport, PresenceConnection, ProviderStats } from '@switchboard/core';
import type { Server } from 'socket.io';
import type { ChannelOccupancy } from './hub-stats.js';

/** One message for the hub to deliver: a logical channel name and its envelope. */
export interface HubMessage {
  /** Logical channel name. */
  channel: string;
  /** The envelope to deliver as is. */
  envelope: Envelope;
}

/** Options of {@link Hub.dropConnections}. */
export interface HubDropOptions {
  /**
   * Let clients recover their session; `false` makes the hub forget it, so they reconnect with a gap.
   * @default true
   */
  recover?: boolean;
  /**
   * Refuse reconnections for this long after the drop.
   * @default 0
   */
  downForMs?: number;
}

/** A running Socket.IO hub. Create with {@link createHub}; nothing listens until `listen()`. */
export interface Hub {
  /** Starts the hub: attaches to `options.server` when given, else listens on `options.port`. */
  listen(): Promise<void>;
  /** Starts the hub on an HTTP server you listen on and close yourself. */
  attach(server: HttpServer): Promise<void>;
  /** The URL clients and publishers use (`publicUrl`, else the listening address). */
  readonly url: string;
  /** The Socket.IO server, once started. */
  readonly io: Server | undefined;
  /** Delivers messages to the channels' subscribers (the in-process publisher uses this). */
  publish(messages: readonly HubMessage[]): Promise<void>;
  /** Everyone present on a channel, one entry per connection, across every hub sharing Redis. */
  presenceMembers(channel: string): Promise<PresenceConnection[]>;
  /** Connected clients and Redis status: `healthy`, `degraded` or `unhealthy`. */
  health(): Promise<HealthReport>;
  /** Connections on this hub. */
  connectionCount(): number;
  /** This hub's connections, occupied channels, subscriptions and presence members. */
  stats(): Promise<ProviderStats>;
  /** Channels with subscribers on this hub, largest first; `channel` narrows to one. */
  occupancy(channel?: string): ChannelOccupancy[];
  /** This hub's metrics in the Prometheus text format (what `GET <endpoint>/metrics` answers). */
  metrics(): Promise<string>;
  /**
   * Disconnects every connection of `userId` at once, on every hub sharing Redis, without
   * recovery, and refuses the user's tokens issued until now (for 24 h): the user comes back only
   * with a token issued after this call, so make the auth endpoint refuse a revoked user first.
   * The client sees `disconnected` with an UNAUTHORIZED reason.
   */
  disconnectUser(userId: string): Promise<void>;
  /** Disconnects every client and stops listening (an attached server stays open). Safe to call twice. */
  close(): Promise<void>;
  /** Fault hook: drops every connection at the server; clients reconnect on their own. */
  dropConnections(options?: HubDropOptions): Promise<void>;
  /** Fault hook: the next `count` publishes fail with a retriable PROVIDER_UNAVAILABLE (HTTP 503). */
  failNextPublishes(count: number): void;
}
