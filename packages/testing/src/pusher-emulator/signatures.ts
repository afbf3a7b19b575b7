/**
 * The two signatures of the Pusher protocol: channel authorization strings checked on subscribe,
 * and the signed query string of every HTTP API request.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC-SHA256 of `text` with `secret`. */
export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** Hex MD5 of a request body, as `body_md5` carries it. */
export function md5Hex(body: string | Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Compares two strings without leaking where they differ. */
export function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The string a private (`socket_id:channel`) or presence (`…:channel_data`) authorization signs. */
export function channelAuthPayload(socketId: string, channel: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
}

/** `key:signature` for one subscription; what an auth endpoint returns as `auth`. */
export function signChannel(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  return `${key}:${hmacHex(secret, channelAuthPayload(socketId, channel, channelData))}`;
}

/**
 * The text an HTTP API request signs: `METHOD\nPATH\nQUERY`, where QUERY is every parameter but
 * `auth_signature`, keys lower-cased and sorted, joined as `k=v&…` without URL escaping.
 */
export function requestSigningText(method: string, path: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .filter(([key]) => key.toLowerCase() !== 'auth_signature')
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return `${method.toUpperCase()}\n${path}\n${query}`;
}

/** Hex `auth_signature` of a request. */
export function signRequest(secret: string, method: string, path: string, params: Record<string, string>): string {
  return hmacHex(secret, requestSigningText(method, path, params));
}

/** Query parameters decoded one by one; a value that is not valid percent-encoding is kept as sent. */
export function parseQuery(rawQuery: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = separator === -1 ? pair : pair.slice(0, separator);
    const value = separator === -1 ? '' : pair.slice(separator + 1);
    params[decodeLoosely(key)] = decodeLoosely(value);
  }
  return params;
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
