// plain-sender.ts — publishing to Switchboard subscribers from any backend: node:crypto and fetch, no SDK.
import { createHash, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';

/** A message to send; `v` is the protocol version to write it in (default 2). */
export interface Envelope {
  v?: number;
  id: string;
  event: string;
  data: unknown;
  ts: number;
  seq?: number;
  exclude?: string;
}

// Message ids: a random prefix drawn once per process, then a counter.
const idPrefix = randomBytes(9).toString('base64url');
let idCounter = 0;
export const envelope = (event: string, data: unknown): Envelope => ({
  id: `${idPrefix}.${(++idCounter).toString(36)}`,
  event,
  data,
  ts: Date.now(),
});

/** The wire form: version 2 is `[2, id, event, data, ts, seq, historySeq, exclude]` with trailing absent members left out; version 1 the object. */
export function toWire(message: Envelope): unknown {
  const { v = 2, id, event, data, ts, seq, exclude } = message;
  if (v === 1) return { id, event, data, ts, ...(seq === undefined ? {} : { seq }), ...(exclude === undefined ? {} : { exclude }) };
  const wire: unknown[] = [v, id, event, data, ts, seq ?? null, null, exclude ?? null];
  while (wire.length > 5 && wire[wire.length - 1] === null) wire.pop();
  return wire;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmacHex = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** Socket.IO hub: POST {hub}/switchboard/publish, signed with a key derived from the hub secret. */
export async function publishToHub(hubUrl: string, hubSecret: string, messages: { channel: string; envelope: Envelope }[]) {
  const url = new URL('/switchboard/publish', hubUrl);
  const body = JSON.stringify({ messages: messages.map(({ channel, envelope }) => ({ channel, envelope: toWire(envelope) })) });
  const key = Buffer.from(hkdfSync('sha256', hubSecret, 'switchboard/socket-io', 'switchboard/socket-io/request-signature/v2', 32));
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const contentSha256 = sha256Hex(body);
  const signed = ['SWITCHBOARD-HMAC-SHA256-V2', 'POST', url.host.toLowerCase(), url.pathname + url.search, timestamp, nonce, contentSha256];
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-switchboard-timestamp': timestamp,
      'x-switchboard-nonce': nonce,
      'x-switchboard-content-sha256': contentSha256,
      'x-switchboard-signature': `v2=${hmacHex(key, signed.join('\n'))}`,
    },
    body,
  });
}

/** A logical channel name as Pusher spells it (valid logical names only need these rules). */
export function pusherChannelName(logicalName: string, access: 'public' | 'private' | 'presence'): string {
  const escapes: Record<string, string> = { ':': ',', '+': ';p', '~': ';t' };
  let body = [...logicalName].map((character) => escapes[character] ?? character).join('');
  if (/^(private-|presence-|cache-|encrypted-)/.test(body)) body = `;u${body.charCodeAt(0).toString(16).padStart(4, '0')}${body.slice(1)}`;
  return `${{ public: '', private: 'private-', presence: 'presence-' }[access]}${body}`;
}

/** Pusher: POST /apps/{appId}/events with the signed query string of Pusher's HTTP API. */
export async function publishToPusher(
  api: { baseUrl: string; appId: string; key: string; secret: string },
  channel: string,
  message: Envelope,
) {
  const path = `/apps/${api.appId}/events`;
  const excluded = message.exclude === undefined ? {} : { socket_id: message.exclude };
  const body = JSON.stringify({ name: message.event, channels: [channel], data: JSON.stringify(toWire(message)), ...excluded });
  const params: Record<string, string> = {
    auth_key: api.key,
    auth_timestamp: String(Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    body_md5: createHash('md5').update(body, 'utf8').digest('hex'),
  };
  const query = Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  const signature = hmacHex(api.secret, `POST\n${path}\n${query}`);
  return fetch(`${api.baseUrl}${path}?${query}&auth_signature=${signature}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

/** Ably: POST /channels/{name}/messages with Basic auth; the envelope's fields become Ably's (versions 1 and 2 alike). */
export async function publishToAbly(api: { baseUrl: string; apiKey: string }, channel: string, message: Envelope) {
  const headers: Record<string, string> = {};
  if (message.seq !== undefined) headers['switchboard-seq'] = String(message.seq);
  if (message.exclude !== undefined) headers['switchboard-exclude'] = message.exclude;
  if (message.v !== undefined && message.v > 2) headers['switchboard-v'] = String(message.v);
  const body = JSON.stringify({
    id: message.id,
    name: message.event,
    data: JSON.stringify(message.data),
    encoding: 'json',
    ...(Object.keys(headers).length > 0 ? { extras: { headers } } : {}),
  });
  return fetch(`${api.baseUrl}/channels/${encodeURIComponent(channel)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(api.apiKey).toString('base64')}` },
    body,
  });
}
