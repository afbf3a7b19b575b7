/**
 * The hub's handshake credential: a compact signed token `sb1.<payload>.<signature>` where the
 * payload is base64url JSON `{ sub, info, exp }` and the signature is HMAC-SHA256 over
 * `sb1.<payload>` with the hub secret. Short-lived on purpose: it only opens a connection; every
 * subscription is still checked against the access rules by the hub.
 */
import { type AuthUser, RealtimeError } from '@switchboard/core';
import { PROVIDER } from '../constants.js';
import { base64UrlDecode, base64UrlEncode, decodeText, encodeText, hmacSha256, verifyHmacSha256 } from './hmac.js';

const VERSION = 'sb1';

/** What a hub token carries. */
export interface HubTokenPayload {
  /** The user id. */
  sub: string;
  /** Public profile shown to presence members. */
  info?: Record<string, unknown> | undefined;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Options of {@link signHubToken}. */
export interface SignHubTokenOptions {
  /** The user the token is for; the hub trusts this identity. */
  user: AuthUser;
  /** The hub secret (the same `secret` the hub was created with). */
  secret: string;
  /**
   * Lifetime of the token. It only has to outlive the connection handshake.
   * @default 300
   */
  ttlSeconds?: number;
  /** Clock override, in ms; for tests. */
  now?: number;
}

/** Options of {@link verifyHubToken}. */
export interface VerifyHubTokenOptions {
  /** Clock override, in ms; for tests. */
  now?: number;
  /**
   * Clock skew tolerated on `exp`.
   * @default 30
   */
  leewaySeconds?: number;
}

function assertSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new RealtimeError('CONFIG', 'The Socket.IO hub secret must be a string of at least 16 characters', { provider: PROVIDER });
  }
}

/** Signs a handshake token for `user`. */
export async function signHubToken(options: SignHubTokenOptions): Promise<string> {
  assertSecret(options.secret);
  if (!options.user || typeof options.user.id !== 'string' || options.user.id.length === 0) {
    throw new RealtimeError('CONFIG', 'signHubToken needs a user with a non-empty string id', { provider: PROVIDER });
  }
  const ttlSeconds = options.ttlSeconds ?? 300;
  const payload: HubTokenPayload = {
    sub: options.user.id,
    exp: Math.floor((options.now ?? Date.now()) / 1000) + ttlSeconds,
    ...(options.user.info ? { info: options.user.info } : {}),
  };
  const body = `${VERSION}.${base64UrlEncode(encodeText(JSON.stringify(payload)))}`;
  return `${body}.${base64UrlEncode(await hmacSha256(options.secret, body))}`;
}

function refuse(reason: string, expired = false): RealtimeError {
  return new RealtimeError('UNAUTHORIZED', `Socket.IO hub token refused: ${reason}`, {
    provider: PROVIDER,
    details: { reason, expired },
  });
}

/**
 * Checks a token's signature and expiry and returns the user it names.
 * Throws RealtimeError UNAUTHORIZED (`details.expired` tells an expired token from a bad one).
 */
export async function verifyHubToken(token: unknown, secret: string, options: VerifyHubTokenOptions = {}): Promise<AuthUser> {
  assertSecret(secret);
  if (typeof token !== 'string' || token.length > 8192) throw refuse('malformed token');
  const [version, encodedPayload, encodedSignature, ...rest] = token.split('.');
  if (version !== VERSION || !encodedPayload || !encodedSignature || rest.length > 0) throw refuse('malformed token');
  const signature = base64UrlDecode(encodedSignature);
  if (!signature || !(await verifyHmacSha256(secret, `${version}.${encodedPayload}`, signature))) throw refuse('bad signature');
  let payload: Partial<HubTokenPayload>;
  try {
    payload = JSON.parse(decodeText(base64UrlDecode(encodedPayload) ?? new Uint8Array()));
  } catch {
    throw refuse('malformed payload');
  }
  if (typeof payload?.sub !== 'string' || payload.sub.length === 0 || typeof payload.exp !== 'number') throw refuse('malformed payload');
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (payload.exp + (options.leewaySeconds ?? 30) < nowSeconds) throw refuse('token expired', true);
  const info = payload.info && typeof payload.info === 'object' && !Array.isArray(payload.info) ? payload.info : undefined;
  return info ? { id: payload.sub, info } : { id: payload.sub };
}

export { assertSecret as assertHubSecret };
