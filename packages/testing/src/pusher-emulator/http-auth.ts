/** Verifies the signed query string of an HTTP API request, as hosted Pusher does. */
import { PUSHER_LIMITS } from './limits.js';
import { md5Hex, parseQuery, safeEqual, signRequest } from './signatures.js';

export interface SignedRequest {
  method: string;
  /** Path without the query, as sent. */
  path: string;
  /** Raw query string without the leading `?`. */
  rawQuery: string;
  body: string;
}

export type VerifyOutcome = { ok: true; params: Record<string, string> } | { ok: false; status: 401; message: string };

/** Checks auth_key, auth_version, auth_timestamp (±600 s), body_md5 and auth_signature. */
export function verifySignedRequest(request: SignedRequest, credentials: { key: string; secret: string }, nowMs: number): VerifyOutcome {
  const params = parseQuery(request.rawQuery);
  const fail = (message: string): VerifyOutcome => ({ ok: false, status: 401, message });
  if (params.auth_key !== credentials.key) return fail('Unknown auth_key');
  if (params.auth_version !== '1.0') return fail('auth_version must be 1.0');
  const timestamp = Number(params.auth_timestamp);
  if (!Number.isFinite(timestamp)) return fail('auth_timestamp is missing');
  const skew = Math.abs(nowMs / 1000 - timestamp);
  if (skew > PUSHER_LIMITS.timestampToleranceSeconds) {
    return fail(`Timestamp expired: given ${timestamp}, server time ${Math.floor(nowMs / 1000)} (more than 600 s apart)`);
  }
  if (request.body.length > 0) {
    if (params.body_md5 === undefined) return fail('body_md5 is required for a request with a body');
    if (params.body_md5 !== md5Hex(request.body)) return fail('body_md5 does not match the body');
  }
  const signature = params.auth_signature;
  if (typeof signature !== 'string') return fail('auth_signature is missing');
  const expected = signRequest(credentials.secret, request.method, request.path, params);
  if (!safeEqual(signature, expected)) return fail('Invalid signature: you should have sent HmacSHA256Hex(METHOD\\nPATH\\nQUERY, secret)');
  return { ok: true, params };
}
