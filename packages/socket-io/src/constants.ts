/**
 * What the Socket.IO adapter declares and the names it uses on the wire. Shared by the hub, the
 * publishers and the browser subscriber, so it imports nothing but core types.
 */
import type { Capabilities, PresenceConnection, ProviderLimits, RealtimeErrorCode } from '@switchboard/core/adapter';

/** The provider name of this adapter. */
export const PROVIDER = 'socket-io';

/** What the Socket.IO adapter supports: presence, server presence, recovery, exclusion, client events (through the hub). */
export const socketIoCapabilities: Capabilities = {
  presence: true,
  serverPresence: true,
  recovery: true,
  exclusion: true,
  history: false,
  clientEvents: true,
};

/** Largest message the hub accepts unless configured otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 65_536;

/** The adapter's limits for a hub accepting messages up to `maxPayloadBytes`. */
export function socketIoLimits(maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES): ProviderLimits {
  return { maxPayloadBytes, maxBatchSize: 100, maxEventNameLength: 128 };
}

/** Socket.IO event names between hub and subscriber. */
export const WIRE = {
  /** hub → client: `(channel, envelope)` */
  message: 'switchboard:message',
  /** hub → client: `(channel, { action, member })` */
  presence: 'switchboard:presence',
  /** hub → client after a fresh connection: `({ recoveryWindowMs })`; also gives the client a recovery offset. */
  hello: 'switchboard:hello',
  /** client → hub with ack: `({ channel })` */
  subscribe: 'switchboard:subscribe',
  unsubscribe: 'switchboard:unsubscribe',
  /** client → hub with ack: `({ channel, data })` */
  presenceEnter: 'switchboard:presence-enter',
  presenceUpdate: 'switchboard:presence-update',
  presenceLeave: 'switchboard:presence-leave',
  /** client → hub with ack: `({ channel })` → PresenceConnection[] */
  presenceMembers: 'switchboard:presence-members',
  /** hub → client before the hub disconnects it on purpose (`disconnectUser`): `({ reason })`. */
  revoked: 'switchboard:revoked',
} as const;

/** Socket.IO event names between hubs (kept apart so browsers never carry them). */
export const HUB_WIRE = {
  /** hub → hub (serverSideEmit with ack): `(channel)` → this node's PresenceConnection[] */
  presenceQuery: 'switchboard:presence-query',
  /** hub → hubs: `(userId, atSeconds)`: refuse that user's tokens issued until then. */
  userRevoked: 'switchboard:user-revoked',
  /** hub → hubs: `(connectionId)` recovered elsewhere; forget it without a leave. */
  presenceForget: 'switchboard:presence-forget',
} as const;

/** What the hub answers to every request a client acknowledges. */
export type HubReply<TValue = undefined> =
  | { ok: true; value?: TValue }
  | {
      ok: false;
      code: RealtimeErrorCode;
      message: string;
      reason?: string | undefined;
      /** The per-connection limit that was exceeded, when one was. */
      limit?: string | undefined;
      /** For RATE_LIMITED: when to try again. */
      retryAfterMs?: number | undefined;
    };

export interface PresenceWireEvent {
  action: 'enter' | 'update' | 'leave';
  member: PresenceConnection;
}

/** Handshake refusals carry this in `connect_error`'s `data`. */
export interface HandshakeRefusal {
  code: 'UNAUTHORIZED';
  reason: string;
  /** True when a fresh token would be accepted. */
  expired: boolean;
}
