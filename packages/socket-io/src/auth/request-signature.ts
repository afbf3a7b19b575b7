/**
 * Signatures of requests to the hub's HTTP endpoints (scheme `v2`): HMAC-SHA256, with the request
 * key derived from the hub secret (hub-keys.ts), over
 *
 * ```
 * SWITCHBOARD-HMAC-SHA256-V2 \n METHOD \n host \n path?query \n timestamp \n nonce \n sha256(body)
 * ```
 *
 * Everything the signature covers is in the request line and headers, so the hub checks it before
 * reading a byte of the body, then reads at most the declared size and compares its SHA-256. The
 * method, host and path bind a signature to one endpoint of one hub; the timestamp bounds how long
 * a captured request stays usable; the nonce makes each attempt unique, so a retry is never
 * mistaken for a replay and a replay is refused.
 */

import { hexDecode, hexEncode, hmacSha256, sha256Hex, verifyHmacSha256 } from './hmac.js';
import { hubKey } from './hub-keys.js';

export const TIMESTAMP_HEADER = 'x-switchboard-timestamp';
export const NONCE_HEADER = 'x-switchboard-nonce';
export const CONTENT_SHA256_HEADER = 'x-switchboard-content-sha256';
export const SIGNATURE_HEADER = 'x-switchboard-signature';
const SIGNATURE_PREFIX = 'v2=';
const SCHEME = 'SWITCHBOARD-HMAC-SHA256-V2';

export type SignatureHeaders = Record<
  typeof TIMESTAMP_HEADER | typeof NONCE_HEADER | typeof CONTENT_SHA256_HEADER | typeof SIGNATURE_HEADER,
  string
>;

/** What a signature covers. */
interface SignedParts {
  method: string;
  host: string;
  path: string;
  timestamp: string;
  nonce: string;
  contentSha256: string;
}

const signedText = (parts: SignedParts) =>
  [SCHEME, parts.method.toUpperCase(), parts.host.toLowerCase(), parts.path, parts.timestamp, parts.nonce, parts.contentSha256].join('\n');

const encoder = new TextEncoder();

/** SHA-256 (hex) of a request body. */
export const bodySha256 = (body: string | Uint8Array<ArrayBuffer>) => sha256Hex(typeof body === 'string' ? encoder.encode(body) : body);

/** The request {@link signRequest} signs. */
export interface RequestToSign {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** The full URL the request goes to; its host and path (with query) are signed. */
  url: string | URL;
  /** The exact body sent. */
  body: string;
}

/** Headers that authenticate `request` for the hub (`now` overrides the clock, in ms). */
export async function signRequest(secret: string, request: RequestToSign, now = Date.now()): Promise<SignatureHeaders> {
  const url = new URL(request.url);
  const parts: SignedParts = {
    method: request.method,
    host: url.host,
    path: `${url.pathname}${url.search}`,
    timestamp: String(now),
    nonce: globalThis.crypto.randomUUID(),
    contentSha256: await bodySha256(request.body),
  };
  const signature = hexEncode(await hmacSha256(await hubKey(secret, 'request'), signedText(parts)));
  return {
    [TIMESTAMP_HEADER]: parts.timestamp,
    [NONCE_HEADER]: parts.nonce,
    [CONTENT_SHA256_HEADER]: parts.contentSha256,
    [SIGNATURE_HEADER]: `${SIGNATURE_PREFIX}${signature}`,
  };
}

export type SignatureVerdict =
  | { ok: true; nonce: string; timestamp: number; contentSha256: string }
  | { ok: false; reason: string; clockSkewMs?: number };

/** A received request, as far as its signature is concerned: no body. */
export interface RequestToVerify {
  /** HTTP method, as received. */
  method: string;
  /** The hosts this hub answers to (its `Host` header, and the public URL's host behind a proxy). */
  hosts: readonly string[];
  /** Path with query, as received (`request.url`). */
  path: string;
  /** The request's headers (Node's `IncomingHttpHeaders` fits). */
  headers: Partial<Record<string, string | string[] | undefined>>;
}

export interface VerifyRequestOptions {
  /** How far the timestamp may be from the hub's clock, either way. */
  toleranceMs: number;
  now?: number;
}

/**
 * Checks a request's signature headers, before its body is read; the body's SHA-256 must then
 * equal the verdict's `contentSha256`. Replay detection is the caller's (it needs memory).
 */
export async function verifyRequest(secret: string, request: RequestToVerify, options: VerifyRequestOptions): Promise<SignatureVerdict> {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const timestamp = header(TIMESTAMP_HEADER);
  const nonce = header(NONCE_HEADER);
  const contentSha256 = header(CONTENT_SHA256_HEADER);
  const signature = header(SIGNATURE_HEADER);
  if (!timestamp || !nonce || !signature || !contentSha256) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,16}$/.test(timestamp) || !/^[A-Za-z0-9_-]{8,128}$/.test(nonce) || !/^[0-9a-f]{64}$/.test(contentSha256)) {
    return { ok: false, reason: 'malformed signature headers' };
  }
  const bytes = signature.startsWith(SIGNATURE_PREFIX) ? hexDecode(signature.slice(SIGNATURE_PREFIX.length)) : undefined;
  if (bytes?.length !== 32) return { ok: false, reason: `malformed signature (expected ${SIGNATURE_PREFIX}<hex>, signature scheme v2)` };
  const sentAt = Number(timestamp);
  const skew = sentAt - (options.now ?? Date.now());
  const tolerance = `tolerance ${Math.round(options.toleranceMs / 1000)} s`;
  if (skew > options.toleranceMs) {
    return {
      ok: false,
      reason: `clock skew: the request is timestamped ${Math.round(skew / 1000)} s ahead of the hub's clock (${tolerance}); the publisher's clock is ahead`,
      clockSkewMs: skew,
    };
  }
  if (-skew > options.toleranceMs) {
    return {
      ok: false,
      reason: `timestamp ${Math.round(-skew / 1000)} s behind the hub's clock (${tolerance}): a delayed or replayed request, or clock skew (the publisher's clock is behind)`,
      clockSkewMs: skew,
    };
  }
  const key = await hubKey(secret, 'request');
  for (const host of new Set(request.hosts.filter(Boolean))) {
    const text = signedText({ method: request.method, host, path: request.path, timestamp, nonce, contentSha256 });
    if (await verifyHmacSha256(key, text, bytes)) return { ok: true, nonce, timestamp: sentAt, contentSha256 };
  }
  return { ok: false, reason: 'bad signature' };
}
