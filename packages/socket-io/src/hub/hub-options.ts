import type { Server as HttpServer } from 'node:http';
import { type AccessRules, type AnyChannelDefinition, type HubObserver, isChannelDefinition, RealtimeError } from '@switchboard/core';
import type { ServerOptions } from 'socket.io';
import { assertHubSecret } from '../auth/hub-token.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, PROVIDER } from '../constants.js';
import { resolveMaxBufferedBytes } from './buffered-bytes-bound.js';
import type { HubWebhookOptions } from './hub-webhooks.js';

/** Scale-out through Redis: several hubs share delivery, recovery and presence. */
export interface HubRedisOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /**
   * The Redis stream the hubs share (`@socket.io/redis-streams-adapter`); also the prefix of their
   * pub/sub channels. Hubs with the same name form one cluster.
   * @default 'socket.io'
   */
  streamName?: string;
  /**
   * Entries the stream keeps. A client whose last offset was trimmed cannot recover (it gets a gap),
   * so keep more than you publish within one recovery window.
   * @default 10000
   */
  streamMaxLength?: number;
  /**
   * Channel prefix workers publish to through `@socket.io/redis-emitter`; must match the publisher's `relayKey`.
   * @default 'switchboard-relay'
   */
  relayKey?: string;
}

/**
 * What one connection may hold and ask of the hub. A request over a limit is refused with a
 * RealtimeError code (`details.limit` names the limit); the connection and everyone else go on.
 */
export interface HubConnectionLimits {
  /**
   * Channels one connection may be subscribed to at once; one more is refused with `RATE_LIMITED`
   * (not retriable: unsubscribe first).
   * @default 100
   */
  maxSubscriptionsPerConnection?: number;
  /**
   * Largest presence member data (its JSON, in bytes) on enter/update; larger is `PAYLOAD_TOO_LARGE`.
   * @default 2048
   */
  maxPresenceDataBytes?: number;
  /**
   * Presence enters and updates one connection may make per second, on average; faster is
   * `RATE_LIMITED` (retriable, with `retryAfterMs`).
   * @default 5
   */
  presenceUpdatesPerSecond?: number;
  /**
   * Presence enters and updates one connection may make in a burst, before the rate applies.
   * @default 20
   */
  presenceUpdateBurst?: number;
  /**
   * Requests (subscribe, presence) one connection may have waiting or in progress; more are
   * refused at once with `RATE_LIMITED` (retriable). Keep it above `maxSubscriptionsPerConnection`:
   * a client resubscribes everything at once after a reconnection.
   * @default 256
   */
  maxQueuedRequestsPerConnection?: number;
  /**
   * Largest request a client may send (subscribe, presence; its JSON, in bytes); larger is
   * refused with `PAYLOAD_TOO_LARGE` before it is queued.
   * @default 8192
   */
  maxSocketRequestBytes?: number;
  /**
   * Client events (whispers) one connection may send per second, counted over any one second as
   * hosted Pusher counts them; more are `RATE_LIMITED` (retriable, with `retryAfterMs`) and relayed to no one.
   * @default 10
   */
  clientEventsPerSecond?: number;
}

/** The limits in force, every default applied. */
export type ResolvedConnectionLimits = Required<HubConnectionLimits>;

/** Defaults of {@link HubConnectionLimits}. */
export const DEFAULT_CONNECTION_LIMITS: ResolvedConnectionLimits = {
  maxSubscriptionsPerConnection: 100,
  maxPresenceDataBytes: 2048,
  presenceUpdatesPerSecond: 5,
  presenceUpdateBurst: 20,
  maxQueuedRequestsPerConnection: 256,
  maxSocketRequestBytes: 8192,
  clientEventsPerSecond: 10,
};

/** Options of {@link createHub}. */
export interface HubOptions {
  /** The app's channel definitions; a subscription must name one of them. */
  channels: readonly AnyChannelDefinition[];
  /** Access rules; channels without one fall back to the definition's `authorize`, then default deny. */
  rules?: AccessRules;
  /**
   * Signs handshake tokens and publish requests (through keys derived from it with HKDF). At least
   * 32 random bytes, e.g. `openssl rand -base64 32` (`SOCKET_IO_SECRET`); keep it on the server.
   */
  secret: string;
  /** Attach to this HTTP server instead of listening on a port of the hub's own. */
  server?: HttpServer;
  /**
   * Port of the hub's own HTTP server (ignored with `server`). `0` picks a free port.
   * @default 3001
   */
  port?: number;
  /**
   * Interface to listen on (ignored with `server`).
   * @default all interfaces
   */
  host?: string;
  /** The URL clients and publishers use, when it differs from the listening address (proxies). */
  publicUrl?: string;
  /**
   * Watches every broadcast: `openTelemetryHub()` from `@switchboard/core/telemetry` opens a span per
   * message in the publisher's trace and hands it on to subscribers in the envelope.
   * @default undefined
   */
  telemetry?: HubObserver;
  /** Send the hub's webhooks (channel occupied/vacated, members, disconnected users, client events when asked) to this URL, signed with the secret. */
  webhooks?: HubWebhookOptions;
  /**
   * Serve the admin endpoints beside them (`/metrics`, `/stats`, `/occupancy`, `/disconnect-user`),
   * signed like publishing: whoever holds the hub secret may call them.
   * @default true
   */
  admin?: boolean;
  /**
   * Path of the HTTP endpoints (`/publish`, `/presence`, `/health`); `false` turns them off.
   * @default '/switchboard'
   */
  endpointPath?: string | false;
  /** Scale out over Redis. */
  redis?: HubRedisOptions;
  /**
   * How long a disconnected client's missed messages are kept for replay.
   * @default 120000
   */
  recoveryWindowMs?: number;
  /**
   * A disconnected connection stays present this long, so a reload is not a leave.
   * @default 2000
   */
  presenceGraceMs?: number;
  /**
   * Largest message accepted on the HTTP endpoint.
   * @default 65536
   */
  maxPayloadBytes?: number;
  /**
   * Largest HTTP request body.
   * @default 1048576
   */
  maxRequestBytes?: number;
  /**
   * How far a signed request's timestamp may be from the hub's clock, either way; further is
   * refused, named as clock skew. Handshake tokens get 30 s on their `nbf`/`iat`/`exp`.
   * @default 300000
   */
  signatureToleranceMs?: number;
  /**
   * Accept connections without a token; they can subscribe to what the rules allow anonymous users
   * (public channels). Off unless enabled: an anonymous connection costs nothing to open.
   * @default false
   */
  allowAnonymous?: boolean;
  /**
   * Most bytes the hub holds for one connection that does not read (a stalled client); over it the
   * connection is cut, and the client reconnects and recovers like any dropped client. `Infinity`
   * turns the bound off.
   * @default 8388608 (8 MiB)
   */
  maxBufferedBytes?: number;
  /** Per-connection limits; over one, the client gets an error code and other connections are unaffected. */
  limits?: HubConnectionLimits;
  /** Passed to the Socket.IO server (CORS, path, transports...). */
  socketOptions?: Partial<ServerOptions>;
}

export interface ResolvedHubOptions {
  channels: readonly AnyChannelDefinition[];
  rules: AccessRules;
  secret: string;
  server: HttpServer | undefined;
  port: number;
  host: string | undefined;
  publicUrl: string | undefined;
  endpointPath: string | false;
  admin: boolean;
  telemetry: HubObserver | undefined;
  webhooks: HubWebhookOptions | undefined;
  redis: Required<HubRedisOptions> | undefined;
  recoveryWindowMs: number;
  presenceGraceMs: number;
  maxPayloadBytes: number;
  maxRequestBytes: number;
  signatureToleranceMs: number;
  allowAnonymous: boolean;
  maxBufferedBytes: number;
  limits: ResolvedConnectionLimits;
  socketOptions: Partial<ServerOptions>;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved <= 0) {
    throw new RealtimeError('CONFIG', `createHub: ${name} must be a positive number`, { provider: PROVIDER, details: { [name]: value } });
  }
  return resolved;
}

function resolveLimits(limits: HubConnectionLimits = {}): ResolvedConnectionLimits {
  const resolved = {} as ResolvedConnectionLimits;
  for (const name of Object.keys(DEFAULT_CONNECTION_LIMITS) as (keyof ResolvedConnectionLimits)[]) {
    resolved[name] = positive(`limits.${name}`, limits[name], DEFAULT_CONNECTION_LIMITS[name]);
  }
  return resolved;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) {
    throw new RealtimeError('CONFIG', `createHub: ${name} must be a non-negative number`, {
      provider: PROVIDER,
      details: { [name]: value },
    });
  }
  return resolved;
}

export function resolveHubOptions(options: HubOptions): ResolvedHubOptions {
  if (!options || !Array.isArray(options.channels) || !options.channels.every(isChannelDefinition)) {
    throw new RealtimeError('CONFIG', 'createHub: channels must be an array of channel definitions (defineChannel)', {
      provider: PROVIDER,
    });
  }
  assertHubSecret(options.secret, 'createHub: secret (SOCKET_IO_SECRET)');
  if (options.redis && (typeof options.redis.url !== 'string' || !/^rediss?:\/\//.test(options.redis.url))) {
    throw new RealtimeError('CONFIG', 'createHub: redis.url must be a redis:// or rediss:// URL', { provider: PROVIDER });
  }
  const endpointPath = options.endpointPath ?? '/switchboard';
  if (endpointPath !== false && !/^\/[A-Za-z0-9_\-./]*[A-Za-z0-9_-]$/.test(endpointPath)) {
    throw new RealtimeError('CONFIG', `createHub: endpointPath must look like "/switchboard", got ${JSON.stringify(endpointPath)}`, {
      provider: PROVIDER,
    });
  }
  return {
    channels: options.channels,
    rules: options.rules ?? [],
    secret: options.secret,
    server: options.server,
    port: nonNegative('port', options.port, 3001),
    host: options.host,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    endpointPath,
    admin: options.admin ?? true,
    telemetry: options.telemetry,
    webhooks: options.webhooks,
    redis: options.redis
      ? {
          url: options.redis.url,
          streamName: options.redis.streamName ?? 'socket.io',
          streamMaxLength: nonNegative('redis.streamMaxLength', options.redis.streamMaxLength, 10_000),
          relayKey: options.redis.relayKey ?? 'switchboard-relay',
        }
      : undefined,
    recoveryWindowMs: nonNegative('recoveryWindowMs', options.recoveryWindowMs, 120_000),
    presenceGraceMs: nonNegative('presenceGraceMs', options.presenceGraceMs, 2000),
    maxPayloadBytes: nonNegative('maxPayloadBytes', options.maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES),
    maxRequestBytes: nonNegative('maxRequestBytes', options.maxRequestBytes, 1_048_576),
    signatureToleranceMs: nonNegative('signatureToleranceMs', options.signatureToleranceMs, 300_000),
    allowAnonymous: options.allowAnonymous ?? false,
    maxBufferedBytes: resolveMaxBufferedBytes(options.maxBufferedBytes),
    limits: resolveLimits(options.limits),
    socketOptions: options.socketOptions ?? {},
  };
}
