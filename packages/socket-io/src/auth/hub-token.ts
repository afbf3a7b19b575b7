/**
 * The hub's handshake credential: a standard JWS (compact JWT, HS256) signed with the token key
 * derived from the hub secret (see hub-keys.ts), carrying `sub`, `info`, `iat`, `nbf`, `exp` and
 * `aud`. Short-lived on purpose: it only opens a connection; every subscription is still checked
 * against the access rules by the hub.
 */
import { type AuthUser, RealtimeError } from '@switchboard/core';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { PROVIDER } from '../constants.js';
import { assertHubSecret, hubKey } from './hub-keys.js';

/** The `aud` of every hub token unless told otherwise. */
export const HUB_TOKEN_AUDIENCE = 'switchboard:socket-io-hub';

/** Clock skew tolerated on a token's `nbf`, `iat` and `exp`, in seconds. */
export const DEFAULT_TOKEN_LEEWAY_SECONDS = 30;

/** What a hub token carries (its JWT claims). */
export interface HubTokenPayload {
  /** The user id. */
  sub: string;
  /** Public profile shown to presence members. */
  info?: Record<string, unknown> | undefined;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Not valid before, seconds since the epoch (the issue time). */
  nbf: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The hub the token is for. */
  aud: string;
}

/** Options of {@link signHubToken}. */
export interface SignHubTokenOptions {
  /** The user the token is for; the hub trusts this identity. */
  user: AuthUser;
  /** The hub secret (the same `secret` the hub was created with). */
  secret: string;
  /**
   * Lifetime of the token. It only has to outlive the connection handshake (and connection-state
   * recoveries, which re-check it).
   * @default 300
   */
  ttlSeconds?: number;
  /**
   * The token's `aud`; the hub accepts only its own.
   * @default 'switchboard:socket-io-hub'
   */
  audience?: string;
  /** Clock override, in ms; for tests. */
  now?: number;
}

/** Options of {@link verifyHubToken}. */
export interface VerifyHubTokenOptions {
  /** Clock override, in ms; for tests. */
  now?: number;
  /**
   * Clock skew tolerated between the signer and the hub, on `nbf`, `iat` and `exp`. A token
   * issued further in the future than this is refused ("clock skew").
   * @default 30
   */
  leewaySeconds?: number;
  /**
   * The `aud` required.
   * @default 'switchboard:socket-io-hub'
   */
  audience?: string;
}

/** Signs a handshake token for `user`. */
export async function signHubToken(options: SignHubTokenOptions): Promise<string> {
  assertHubSecret(options.secret, 'signHubToken: secret (SOCKET_IO_SECRET)');
  if (!options.user || typeof options.user.id !== 'string' || options.user.id.length === 0) {
    throw new RealtimeError('CONFIG', 'signHubToken needs a user with a non-empty string id', { provider: PROVIDER });
  }
  const ttlSeconds = options.ttlSeconds ?? 300;
  if (!Number.isFinite(ttlSeconds)) throw new RealtimeError('CONFIG', 'signHubToken: ttlSeconds must be a number', { provider: PROVIDER });
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  return new SignJWT(options.user.info ? { info: options.user.info } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.user.id)
    .setAudience(options.audience ?? HUB_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(await hubKey(options.secret, 'token'));
}

/** Why a token was refused; `expired` tells the client a fresh token would be accepted. */
function refuse(reason: string, expired = false, details: Record<string, unknown> = {}): RealtimeError {
  return new RealtimeError('UNAUTHORIZED', `Socket.IO hub token refused: ${reason}`, {
    provider: PROVIDER,
    details: { reason, expired, ...details },
  });
}

const claimNumber = (payload: unknown, claim: string): number | undefined => {
  const value = (payload as Record<string, unknown> | undefined)?.[claim];
  return typeof value === 'number' ? value : undefined;
};

/** Time refusals, worded so that a wrong clock is recognisable as one. */
function timeRefusal(claim: string, payload: unknown, nowSeconds: number, leeway: number): RealtimeError {
  const at = claimNumber(payload, claim);
  if (claim === 'exp' && at !== undefined) {
    const ago = Math.round(nowSeconds - at);
    const issued = claimNumber(payload, 'iat');
    // Issued recently by the signer's clock, yet already expired by the hub's: the clocks disagree.
    const skewed = issued !== undefined && at - issued > 0 && nowSeconds - at > at - issued;
    return refuse(
      skewed
        ? `token expired ${ago} s ago, longer ago than its ${at - (issued as number)} s lifetime: an old token, or clock skew (the signer's clock is behind the hub's; tolerance ${leeway} s)`
        : `token expired ${ago} s ago (tolerance ${leeway} s)`,
      true,
      { clockSkew: skewed, skewSeconds: skewed ? ago : undefined, toleranceSeconds: leeway },
    );
  }
  if ((claim === 'nbf' || claim === 'iat') && at !== undefined) {
    const ahead = Math.round(at - nowSeconds);
    return refuse(
      `clock skew: the token was issued ${ahead} s in the future by the hub's clock (tolerance ${leeway} s); the signer's clock is ahead`,
      false,
      { clockSkew: true, skewSeconds: ahead, toleranceSeconds: leeway },
    );
  }
  return refuse(`invalid "${claim}" claim`);
}

/** A verified token: its user and validity period (seconds since the epoch). */
export interface VerifiedHubToken {
  user: AuthUser;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Checks a token's signature, audience and validity period and returns the user it names.
 * Throws RealtimeError UNAUTHORIZED: `details.expired` tells an expired token from a bad one, and
 * `details.clockSkew` a token whose times are off because the signer's clock is.
 */
export async function verifyHubToken(token: unknown, secret: string, options: VerifyHubTokenOptions = {}): Promise<AuthUser> {
  return (await readHubToken(token, secret, options)).user;
}

/** {@link verifyHubToken}, with the token's issue and expiry times (the hub checks revocations with them). */
export async function readHubToken(token: unknown, secret: string, options: VerifyHubTokenOptions = {}): Promise<VerifiedHubToken> {
  assertHubSecret(secret, 'verifyHubToken: secret (SOCKET_IO_SECRET)');
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192) throw refuse('malformed token');
  const leeway = options.leewaySeconds ?? DEFAULT_TOKEN_LEEWAY_SECONDS;
  const nowMs = options.now ?? Date.now();
  const nowSeconds = nowMs / 1000;
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await hubKey(secret, 'token'), {
      algorithms: ['HS256'],
      audience: options.audience ?? HUB_TOKEN_AUDIENCE,
      currentDate: new Date(nowMs),
      clockTolerance: leeway,
      requiredClaims: ['sub', 'iat', 'nbf', 'exp'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw refuse('bad signature');
    if (error instanceof joseErrors.JWTExpired) throw timeRefusal('exp', error.payload, nowSeconds, leeway);
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') throw refuse('wrong audience');
      if ((error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed')
        throw timeRefusal(error.claim, error.payload, nowSeconds, leeway);
      throw refuse(`malformed payload (${error.claim} claim)`);
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) throw refuse('algorithm not allowed');
    throw refuse('malformed token');
  }
  const issuedAt = claimNumber(payload, 'iat') as number;
  // jose checks `iat` only with maxTokenAge: a token issued in the future is refused here.
  if (issuedAt > nowSeconds + leeway) throw timeRefusal('iat', payload, nowSeconds, leeway);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw refuse('malformed payload');
  const info = payload.info && typeof payload.info === 'object' && !Array.isArray(payload.info) ? payload.info : undefined;
  const user: AuthUser = info ? { id: payload.sub, info: info as Record<string, unknown> } : { id: payload.sub };
  return { user, issuedAt, expiresAt: claimNumber(payload, 'exp') as number };
}

export { assertHubSecret };
