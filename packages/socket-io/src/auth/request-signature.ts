/**
 * Signatures of requests to the hub's HTTP endpoints: HMAC-SHA256 with the hub secret over
 * `<timestamp>.<nonce>.<body>`. The timestamp bounds how long a captured request stays usable; the
 * nonce makes each attempt unique, so a retry is never mistaken for a replay and a replay is refused.
 */
import { hexDecode, hexEncode, hmacSha256, verifyHmacSha256 } from './hmac.js';

export const TIMESTAMP_HEADER = 'x-switchboard-timestamp';
export const NONCE_HEADER = 'x-switchboard-nonce';
export const SIGNATURE_HEADER = 'x-switchboard-signature';
const SIGNATURE_PREFIX = 'sha256=';

export type SignatureHeaders = Record<typeof TIMESTAMP_HEADER | typeof NONCE_HEADER | typeof SIGNATURE_HEADER, string>;

const signedText = (timestamp: string, nonce: string, body: string) => `${timestamp}.${nonce}.${body}`;

/** Headers that authenticate `body` for the hub. */
export async function signRequest(secret: string, body: string, now = Date.now()): Promise<SignatureHeaders> {
  const timestamp = String(now);
  const nonce = globalThis.crypto.randomUUID();
  const signature = hexEncode(await hmacSha256(secret, signedText(timestamp, nonce, body)));
  return { [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: `${SIGNATURE_PREFIX}${signature}` };
}

export type SignatureVerdict = { ok: true; nonce: string; timestamp: number } | { ok: false; reason: string };

export interface VerifyRequestOptions {
  /** How far the timestamp may be from the hub's clock, either way. */
  toleranceMs: number;
  now?: number;
}

/** Checks the signature headers of a request; replay detection is the caller's (it needs memory). */
export async function verifyRequest(
  secret: string,
  headers: Partial<Record<string, string | string[] | undefined>>,
  body: string,
  options: VerifyRequestOptions,
): Promise<SignatureVerdict> {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const timestamp = header(TIMESTAMP_HEADER);
  const nonce = header(NONCE_HEADER);
  const signature = header(SIGNATURE_HEADER);
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,16}$/.test(timestamp) || !/^[A-Za-z0-9_-]{8,128}$/.test(nonce)) return { ok: false, reason: 'malformed signature headers' };
  const bytes = signature.startsWith(SIGNATURE_PREFIX) ? hexDecode(signature.slice(SIGNATURE_PREFIX.length)) : undefined;
  if (bytes?.length !== 32) return { ok: false, reason: 'malformed signature' };
  const sentAt = Number(timestamp);
  if (Math.abs((options.now ?? Date.now()) - sentAt) > options.toleranceMs)
    return { ok: false, reason: 'timestamp outside the allowed window' };
  if (!(await verifyHmacSha256(secret, signedText(timestamp, nonce, body), bytes))) return { ok: false, reason: 'bad signature' };
  return { ok: true, nonce, timestamp: sentAt };
}
