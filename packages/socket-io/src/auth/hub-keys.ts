/**
 * The hub secret is never used as a key itself: HKDF-SHA256 derives one key per purpose from it, so
 * a handshake token can never pass for a request signature (or the reverse), and a leak of one
 * derived key does not give away the other. Derived with Web Crypto, so publishers in edge runtimes
 * and serverless functions sign exactly like Node; the result equals Node's
 * `hkdfSync('sha256', secret, SALT, info, 32)`.
 */
import { RealtimeError } from '@switchboard/core';
import { PROVIDER } from '../constants.js';

/** Fewest bytes (UTF-8) a hub secret may have: 32 random bytes, e.g. `openssl rand -base64 32`. */
export const MIN_SECRET_BYTES = 32;

/** HKDF salt shared by every derivation (fixed: the secret is already random). */
export const HKDF_SALT = 'switchboard/socket-io';

/** HKDF `info` of each purpose. Changing one invalidates every credential of that purpose. */
export const KEY_PURPOSES = {
  /** Signs and verifies handshake tokens (JWS, HS256). */
  token: 'switchboard/socket-io/hub-token/v2',
  /** Signs and verifies requests to the hub's HTTP endpoints (HMAC-SHA256). */
  request: 'switchboard/socket-io/request-signature/v2',
} as const;

export type KeyPurpose = keyof typeof KEY_PURPOSES;

const encoder = new TextEncoder();
const derived = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/**
 * Refuses a secret shorter than {@link MIN_SECRET_BYTES} with a CONFIG error naming where it came
 * from (`where`, e.g. `createHub: secret (SOCKET_IO_SECRET)`).
 */
export function assertHubSecret(secret: unknown, where = 'The Socket.IO hub secret (SOCKET_IO_SECRET)'): asserts secret is string {
  const bytes = typeof secret === 'string' ? encoder.encode(secret).length : 0;
  if (typeof secret !== 'string' || bytes < MIN_SECRET_BYTES) {
    throw new RealtimeError(
      'CONFIG',
      `${where} must be a string of at least ${MIN_SECRET_BYTES} random bytes${typeof secret === 'string' ? ` (got ${bytes})` : ''}: generate one with \`openssl rand -base64 32\``,
      { provider: PROVIDER, details: { minBytes: MIN_SECRET_BYTES, bytes } },
    );
  }
}

async function derive(secret: string, info: string): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new RealtimeError('CONFIG', 'Web Crypto (crypto.subtle) is not available in this runtime', { provider: PROVIDER });
  const material = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(HKDF_SALT), info: encoder.encode(info) },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** The 32-byte key of `purpose` for this hub secret (cached: a process uses one or two secrets). */
export function hubKey(secret: string, purpose: KeyPurpose): Promise<Uint8Array<ArrayBuffer>> {
  assertHubSecret(secret);
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = derive(secret, KEY_PURPOSES[purpose]);
    key.catch(() => derived.delete(cacheKey));
    if (derived.size > 16) derived.clear();
    derived.set(cacheKey, key);
  }
  return key;
}
