/**
 * Ably realtime protocol constants and message shapes, as ably-js 2.x speaks them in JSON
 * (`format=json`). Only what the emulator reads or writes is typed.
 */

export const Action = {
  HEARTBEAT: 0,
  ACK: 1,
  NACK: 2,
  CONNECT: 3,
  CONNECTED: 4,
  DISCONNECT: 5,
  DISCONNECTED: 6,
  CLOSE: 7,
  CLOSED: 8,
  ERROR: 9,
  ATTACH: 10,
  ATTACHED: 11,
  DETACH: 12,
  DETACHED: 13,
  PRESENCE: 14,
  MESSAGE: 15,
  SYNC: 16,
  AUTH: 17,
} as const;

export const Flag = {
  HAS_PRESENCE: 1,
  HAS_BACKLOG: 2,
  RESUMED: 4,
} as const;

/** Channel modes as ATTACHED flag bits: what the connection may do on the channel. */
export const Mode = {
  PRESENCE: 1 << 16,
  PUBLISH: 1 << 17,
  SUBSCRIBE: 1 << 18,
  PRESENCE_SUBSCRIBE: 1 << 19,
} as const;

/** Presence actions on the wire. */
export const PresenceAction = {
  ABSENT: 0,
  PRESENT: 1,
  ENTER: 2,
  LEAVE: 3,
  UPDATE: 4,
} as const;

/** The error object Ably puts in protocol messages and REST error bodies. */
export interface WireError {
  code: number;
  statusCode: number;
  message: string;
}

/** A message as published (REST body or realtime MESSAGE) and as stored. */
export interface WireMessage {
  id?: string;
  name?: string;
  data?: unknown;
  encoding?: string;
  clientId?: string;
  connectionId?: string;
  timestamp?: number;
  extras?: unknown;
  serial?: string;
}

export interface WirePresenceMessage {
  action: number;
  id?: string;
  clientId?: string;
  connectionId?: string;
  data?: unknown;
  encoding?: string;
  timestamp?: number;
}

/** A protocol message, either direction. */
export interface ProtocolMessage {
  action: number;
  id?: string;
  channel?: string;
  channelSerial?: string;
  connectionId?: string;
  msgSerial?: number;
  count?: number;
  flags?: number;
  timestamp?: number;
  error?: WireError;
  messages?: WireMessage[];
  presence?: WirePresenceMessage[];
  params?: Record<string, string>;
  auth?: { accessToken?: string };
  connectionDetails?: Record<string, unknown>;
}
