/**
 * Signs Ably TokenRequests with Web Crypto, so token issuing runs wherever the auth handler does
 * (Node, edge functions, workers) without the Ably SDK. The secret is used here and never returned.
 */
import { RealtimeError } from '@switchboard/core';
import { PROVIDER } from '../errors.js';

/** An Ably TokenRequest, as the SDK's authCallback accepts it. */
export interface AblyTokenRequest {
  /** The API key's name (`appId.keyId`); never its secret. */
  keyName: string;
  /** The user id the token is bound to. */
  clientId?: string;
  /** Token lifetime in ms. */
  ttl?: number;
  /** JSON of channel name → allowed operations, in Ably's canonical form. */
  capability: string;
  /** When the request was signed, in ms. */
  timestamp: number;
  /** A random value, so a request can't be replayed. */
  nonce: string;
  /** HMAC-SHA256 of the other fields with the key's secret. */
  mac: string;
}

export interface ParsedApiKey {
  keyName: string;
  secret: string;
}

/** Splits `appId.keyId:secret`; a CONFIG error (never echoing the secret) when malformed. */
export function parseApiKey(apiKey: string): ParsedApiKey {
  const match = typeof apiKey === 'string' ? /^([^.:\s]+\.[^.:\s]+):(\S+)$/.exec(apiKey.trim()) : null;
  if (!match) {
    throw new RealtimeError('CONFIG', 'The Ably API key must look like "appId.keyId:secret" (ABLY_API_KEY)', { provider: PROVIDER });
  }
  return { keyName: match[1] as string, secret: match[2] as string };
}

/** Capability JSON with channels and operations sorted, as Ably computes the MAC over it. */
export function canonicalCapability(capability: Record<string, readonly string[]>): string {
  const sorted: Record<string, string[]> = {};
  for (const channel of Object.keys(capability).sort()) sorted[channel] = [...(capability[channel] ?? [])].sort();
  return JSON.stringify(sorted);
}

const encoder = new TextEncoder();

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function nonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A TokenRequest for `clientId` with exactly `capability`, valid for `ttlMs`, signed with the key. */
export async function signTokenRequest(
  key: ParsedApiKey,
  request: { clientId: string | undefined; ttlMs: number; capability: Record<string, readonly string[]>; timestamp?: number | undefined },
): Promise<AblyTokenRequest> {
  const capability = canonicalCapability(request.capability);
  // Ably accepts a TokenRequest only within 2 minutes of its own clock (else 40104).
  const timestamp = request.timestamp ?? Date.now();
  const tokenNonce = nonce();
  const clientId = request.clientId ?? '';
  const text = `${key.keyName}\n${request.ttlMs}\n${capability}\n${clientId}\n${timestamp}\n${tokenNonce}\n`;
  const hmacKey = await globalThis.crypto.subtle.importKey('raw', encoder.encode(key.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = base64(await globalThis.crypto.subtle.sign('HMAC', hmacKey, encoder.encode(text)));
  return {
    keyName: key.keyName,
    ...(request.clientId !== undefined ? { clientId: request.clientId } : {}),
    ttl: request.ttlMs,
    capability,
    timestamp,
    nonce: tokenNonce,
    mac,
  };
}
