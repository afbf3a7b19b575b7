/**
 * Ably realtime protocol constants and message shapes, as ably-js 2.x speaks them in JSON
 * (`format=json`). Only what the emulator reads or writes is typed.
 */

/** Protocol message actions: the `action` number of every realtime frame. */
export const Action = {
  /** Keep-alive, either direction. */
  HEARTBEAT: 0,
  /** Server: these published messages were accepted. */
  ACK: 1,
  /** Server: these published messages were refused. */
  NACK: 2,
  /** Client: open (unused by ably-js over WebSocket). */
  CONNECT: 3,
  /** Server: the connection is up, with its id and key. */
  CONNECTED: 4,
  /** Client: going away for now. */
  DISCONNECT: 5,
  /** Server: the connection dropped; the client should resume. */
  DISCONNECTED: 6,
  /** Client: close for good. */
  CLOSE: 7,
  /** Server: closed for good. */
  CLOSED: 8,
  /** Server: a connection or channel failure. */
  ERROR: 9,
  /** Client: subscribe to a channel. */
  ATTACH: 10,
  /** Server: the channel is attached, with its modes and flags. */
  ATTACHED: 11,
  /** Client: leave a channel. */
  DETACH: 12,
  /** Server: the channel is detached. */
  DETACHED: 13,
  /** Presence messages on a channel. */
  PRESENCE: 14,
  /** Messages on a channel. */
  MESSAGE: 15,
  /** Server: the current presence set. */
  SYNC: 16,
  /** Either: renew the connection token. */
  AUTH: 17,
} as const;

/** Flag bits of ATTACHED frames. */
export const Flag = {
  /** ATTACHED: the channel has members; a SYNC follows. */
  HAS_PRESENCE: 1,
  /** ATTACHED: messages from the rewind follow. */
  HAS_BACKLOG: 2,
  /** ATTACHED: continuity kept since the last attach. */
  RESUMED: 4,
} as const;

/** Channel modes as ATTACHED flag bits: what the connection may do on the channel. */
export const Mode = {
  /** May enter presence. */
  PRESENCE: 1 << 16,
  /** May publish. */
  PUBLISH: 1 << 17,
  /** May receive messages. */
  SUBSCRIBE: 1 << 18,
  /** May receive presence. */
  PRESENCE_SUBSCRIBE: 1 << 19,
} as const;

/** Presence actions on the wire. */
export const PresenceAction = {
  /** Not present (a SYNC marker). */
  ABSENT: 0,
  /** Present (in a SYNC). */
  PRESENT: 1,
  /** Entered. */
  ENTER: 2,
  /** Left. */
  LEAVE: 3,
  /** Changed their data. */
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
