/**
 * Ably's error format: `{ code, statusCode, message }`, over REST with the exact content type and
 * `x-ably-errorcode` headers the SDK reads, and inside protocol messages over the socket.
 */
import type { ServerResponse } from 'node:http';
import type { WireError } from './protocol.js';

/** An error the emulator reports the way Ably does. */
export class AblyError extends Error {
  /** Ably's error code, e.g. 40142 (token expired). */
  readonly code: number;
  /** The HTTP status that goes with it. */
  readonly statusCode: number;

  constructor(code: number, statusCode: number, message: string) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }

  /** The error as Ably puts it in frames and REST bodies. */
  toWire(): WireError {
    return { code: this.code, statusCode: this.statusCode, message: this.message };
  }
}

/** The Ably codes the emulator uses, with their HTTP status. */
export const errors = {
  badRequest: (message: string) => new AblyError(40000, 400, message),
  invalidBody: (message: string) => new AblyError(40001, 400, message),
  tooLarge: (size: number, limit: number) =>
    new AblyError(40009, 413, `Maximum message length exceeded (was ${size} bytes, limit ${limit} bytes)`),
  bodyTooLarge: (size: number, limit: number) =>
    new AblyError(40009, 413, `Request body too large (at least ${size} bytes, limit ${limit} bytes)`),
  tooManyChannels: (count: number, limit: number) =>
    new AblyError(90010, 400, `Max number of channels permitted in a single bulk publish request (${limit}) exceeded (was ${count})`),
  invalidExtras: (message: string) => new AblyError(40032, 400, message),
  invalidParameter: (message: string) => new AblyError(40003, 400, message),
  revocableTtlTooLong: (ttl: number, limit: number) =>
    new AblyError(40003, 400, `Invalid ttl ${ttl}: keys with revocable tokens issue tokens of at most ${limit} ms`),
  invalidClientId: (message: string) => new AblyError(40012, 400, message),
  invalidMessageId: (message: string) => new AblyError(40031, 400, message),
  unauthorized: (message: string) => new AblyError(40101, 401, message),
  incompatibleClientId: (message: string) => new AblyError(40102, 401, message),
  timestampNotCurrent: () => new AblyError(40104, 401, 'Timestamp not current'),
  nonceReplayed: () => new AblyError(40105, 401, 'Nonce value replayed'),
  tokenUnrecognised: () => new AblyError(40140, 401, 'Token error: token not recognised'),
  tokenExpired: () => new AblyError(40142, 401, 'Key/token status changed (expire)'),
  unknownKey: (keyName: string) => new AblyError(40101, 401, `Invalid key in request: ${keyName}`),
  capabilityRefused: (channel: string, operation: string) =>
    new AblyError(40160, 401, `Channel denied access based on given capability; operation = ${operation}, channel = ${channel}`),
  notFound: (what: string) => new AblyError(40400, 404, `Not found: ${what}`),
  internal: (message: string) => new AblyError(50000, 500, message),
  resumeFailed: () => new AblyError(80008, 400, 'Unable to recover connection (connection expired)'),
  invalidConnectionKey: () => new AblyError(80018, 400, 'Invalid connection key: unable to recover connection'),
  channelState: (message: string) => new AblyError(90001, 400, message),
};

/** Writes an Ably REST error: status, exact JSON content type (no charset) and the error headers. */
export function sendRestError(response: ServerResponse, error: AblyError): void {
  const body = JSON.stringify({ error: error.toWire() });
  response.writeHead(error.statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-ably-errorcode': String(error.code),
    'x-ably-errormessage': encodeURIComponent(error.message),
  });
  response.end(body);
}

/** Any thrown value as an AblyError: unknown failures become 50000. */
export function toAblyError(error: unknown): AblyError {
  if (error instanceof AblyError) return error;
  return errors.internal(error instanceof Error ? error.message : String(error));
}
