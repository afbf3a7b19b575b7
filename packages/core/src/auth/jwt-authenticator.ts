/**
 * `authenticate` for the common case: a bearer JWT verified with `jose`, by shared secret (HS256)
 * or by the identity provider's JWKS. jose is an optional peer, imported on first use only.
 */
import type { AuthUser } from '../channel.js';
import { RealtimeError } from '../errors.js';
import { userIdProblem } from './auth-user.js';

/** The verified claims of a token. */
export type JwtClaims = Record<string, unknown> & {
  /** Subject: the user id by default. */
  sub?: string;
  /** Issuer. */
  iss?: string;
  /** Audience. */
  aud?: string | string[];
  /** Expiry, in seconds since the epoch. */
  exp?: number;
  /** Issue time, in seconds since the epoch. */
  iat?: number;
};

/**
 * Options of {@link jwtAuthenticator}: a `secret` or a `jwksUrl`, plus the claims to require. With a
 * `jwksUrl`, `issuer` and `audience` are required: an identity provider signs tokens for every
 * application it serves, and only these two tell a token meant for this one.
 */
export interface JwtAuthenticatorOptions {
  /** Shared secret of HMAC-signed tokens, at least 32 bytes. Give this or `jwksUrl`. */
  secret?: string | Uint8Array;
  /** URL of the identity provider's JSON Web Key Set (`…/.well-known/jwks.json`). Give this or `secret`. */
  jwksUrl?: string | URL;
  /** Accepted `iss` values. Required with `jwksUrl`; unchecked when absent with a `secret`. */
  issuer?: string | string[];
  /** Accepted `aud` values. Required with `jwksUrl`; unchecked when absent with a `secret`. */
  audience?: string | string[];
  /**
   * Required `typ` header, e.g. `'at+jwt'` for OAuth 2.0 access tokens (RFC 9068), so an ID token
   * or another kind of JWT from the same issuer is refused.
   * @default unchecked
   */
  typ?: string;
  /**
   * Accepted signature algorithms.
   * @default ['HS256'] with a secret; with a JWKS, the algorithms of its keys
   */
  algorithms?: string[];
  /**
   * Tolerated clock skew when checking `exp` and `nbf`.
   * @default 5
   */
  clockToleranceSeconds?: number;
  /**
   * Refuse tokens without an `exp` claim (they would never expire).
   * @default true
   */
  requireExpiration?: boolean;
  /**
   * Turns verified claims into the user, or `null` to refuse. A user whose id is not a valid user id
   * (empty, over 128 characters, `*`, control characters, `switchboard:…`) is refused too.
   * @default `{ id: sub, info: { name } }` (`info` only when the token has a string `name`)
   */
  userFromClaims?: (claims: JwtClaims) => AuthUser | null | undefined | Promise<AuthUser | null | undefined>;
  /**
   * Where the token is read from.
   * @default the `Authorization: Bearer <token>` header
   */
  token?: (request: Request) => string | null | undefined;
}

type Jose = typeof import('jose');

// Rejections that mean "this credential is bad" (→ 401); anything else (a JWKS outage) is a server problem.
const CREDENTIAL_ERRORS = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

const MAX_TOKEN_LENGTH = 8192;

let jose: Promise<Jose> | undefined;
function loadJose(): Promise<Jose> {
  jose ??= import('jose').catch((cause: unknown) => {
    jose = undefined;
    throw new RealtimeError('CONFIG', 'jwtAuthenticator needs the jose package: install it (npm install jose)', { cause });
  });
  return jose;
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

function defaultUser(claims: JwtClaims): AuthUser | null {
  if (typeof claims.sub !== 'string') return null;
  return typeof claims.name === 'string' ? { id: claims.sub, info: { name: claims.name } } : { id: claims.sub };
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes.byteLength < 32) {
    throw new RealtimeError('CONFIG', 'jwtAuthenticator: `secret` must be at least 32 bytes (256 bits) for HS256');
  }
  return bytes;
}

function isClaimValue(value: string | string[] | undefined): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((item) => typeof item === 'string' && item.length > 0);
}

function assertKeySetOptions(options: JwtAuthenticatorOptions): void {
  const missing = (['issuer', 'audience'] as const).filter((name) => !isClaimValue(options[name]));
  if (missing.length > 0) {
    throw new RealtimeError(
      'CONFIG',
      `jwtAuthenticator({ jwksUrl }) needs ${missing.map((name) => `\`${name}\``).join(' and ')}: ` +
        'without them any token the identity provider signs, for any application, would be accepted',
      { details: { missing } },
    );
  }
}

/**
 * An `authenticate` function verifying a bearer JWT. Missing, malformed, expired, tampered or
 * wrongly signed tokens, tokens for another issuer, audience or `typ`, and tokens whose subject is
 * not a valid user id give `null` (the handler answers 401).
 *
 * @example
 * createAuthHandler({ authenticate: jwtAuthenticator({ secret: process.env.JWT_SECRET }), … });
 */
export function jwtAuthenticator(options: JwtAuthenticatorOptions): (request: Request) => Promise<AuthUser | null> {
  if ((options.secret === undefined) === (options.jwksUrl === undefined)) {
    throw new RealtimeError('CONFIG', 'jwtAuthenticator: give exactly one of `secret` or `jwksUrl`');
  }
  if (options.jwksUrl !== undefined) assertKeySetOptions(options);
  if (options.typ !== undefined && (typeof options.typ !== 'string' || options.typ.length === 0)) {
    throw new RealtimeError('CONFIG', 'jwtAuthenticator: `typ` must be a non-empty string such as "at+jwt"');
  }
  const secret = options.secret === undefined ? undefined : secretBytes(options.secret);
  const jwksUrl = options.jwksUrl === undefined ? undefined : new URL(options.jwksUrl);
  const readToken = options.token ?? bearerToken;
  const userFromClaims = options.userFromClaims ?? defaultUser;
  let remoteKeys: ReturnType<Jose['createRemoteJWKSet']> | undefined;

  return async (request) => {
    const token = readToken(request);
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const lib = await loadJose();
    const verifyOptions = {
      ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.typ === undefined ? {} : { typ: options.typ }),
      algorithms: options.algorithms ?? (secret ? ['HS256'] : undefined),
      clockTolerance: options.clockToleranceSeconds ?? 5,
      requiredClaims: options.requireExpiration === false ? [] : ['exp'],
    };
    let claims: JwtClaims;
    try {
      if (secret) {
        claims = (await lib.jwtVerify(token, secret, verifyOptions)).payload as JwtClaims;
      } else {
        remoteKeys ??= lib.createRemoteJWKSet(jwksUrl as URL);
        claims = (await lib.jwtVerify(token, remoteKeys, verifyOptions)).payload as JwtClaims;
      }
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (CREDENTIAL_ERRORS.has(code)) return null;
      if (code === 'ERR_JWKS_TIMEOUT') throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The JWKS endpoint timed out', { cause: error });
      throw error;
    }
    const user = await userFromClaims(claims);
    return user && userIdProblem(user.id) === undefined ? user : null;
  };
}
