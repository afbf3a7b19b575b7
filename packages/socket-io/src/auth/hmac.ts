/**
 * HMAC-SHA256 and base64url on Web Crypto, so tokens and request signatures can be made in Node,
 * edge runtimes and serverless functions alike.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** A secret as text, or a derived key as bytes. */
export type HmacKeyMaterial = string | Uint8Array<ArrayBuffer>;

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto?.subtle;
  if (!crypto) throw new Error('Web Crypto (crypto.subtle) is not available in this runtime');
  return crypto;
}

function keyFor(secret: HmacKeyMaterial): Promise<CryptoKey> {
  const cacheKey = typeof secret === 'string' ? `s:${secret}` : `b:${hexEncode(secret)}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
    key = subtle().importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    // A process uses one or two secrets; the cap only guards against misuse.
    if (keys.size > 16) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

export async function hmacSha256(secret: HmacKeyMaterial, message: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('HMAC', await keyFor(secret), encoder.encode(message)));
}

/** SHA-256 of `bytes`, as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hexEncode(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

/** Constant-time check of a signature (Web Crypto's verify compares in constant time). */
export async function verifyHmacSha256(secret: HmacKeyMaterial, message: string, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return subtle().verify('HMAC', await keyFor(secret), signature, encoder.encode(message));
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url; `undefined` for anything that is not. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(
      text
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(text.length / 4) * 4, '='),
    );
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function hexEncode(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Decodes lowercase or uppercase hex; `undefined` for anything that is not. */
export function hexDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}
