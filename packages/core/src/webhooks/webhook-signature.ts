/** HMAC-SHA256 over a webhook body with Web Crypto (Node, edge runtimes, Deno), and a constant-time compare. */
const encoder = new TextEncoder();

/** HMAC-SHA256 of `body` with `secret`, as bytes. */
export async function hmacSha256(secret: string, body: string): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(body)));
}

/** Lower-case hex of bytes. */
export const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Base64 of bytes. */
export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** Compares two strings in time that does not depend on where they differ. */
export function timingSafeEqualText(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  return difference === 0;
}
