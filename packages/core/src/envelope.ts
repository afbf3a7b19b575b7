import { RealtimeError } from './errors.js';

/**
 * What travels with every message, whatever the provider. `id` is fixed before the first attempt
 * and kept across retries, so a retried publish can be recognised and dropped by subscribers.
 */
export interface Envelope<TData = unknown> {
  /** Unique message id, stable across retries. */
  id: string;
  /** Event name within the channel's catalog. */
  event: string;
  /** The validated payload. */
  data: TData;
  /** Publish time, milliseconds since the epoch. */
  ts: number;
  /** Connection id of the subscriber this message must not reach ("to others"). */
  exclude?: string | undefined;
  /** Per-publisher sequence number, increasing per channel. */
  seq?: number | undefined;
}

/** A new message id: a random UUID. */
export function createMessageId(): string {
  return globalThis.crypto.randomUUID();
}

/** UTF-8 size of a string, counted without encoding it (no copy, no allocation). */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two code units, four bytes.
      bytes += 2;
      index += 1;
    } else bytes += 2; // Three bytes; a lone surrogate becomes U+FFFD, also three.
  }
  return bytes;
}

/** Size in bytes of the JSON an adapter will send for this value. */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 0 : utf8ByteLength(text);
}

/** Deeper than this, the bound gives up and the exact size is measured (cycles end up there too). */
const BOUND_DEPTH = 32;

/**
 * An upper bound of `jsonByteLength(value)`, computed by walking plain data without serializing it.
 * Every string character costs at most 6 bytes in JSON (`\u001f`), a number at most 25. Anything
 * that serializes in its own way (`toJSON`, class instances, bigint) returns Infinity, and so does
 * the walk once it passes `budget`, so the caller measures exactly instead.
 */
function jsonSizeBound(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      // Left out of objects, `null` in arrays.
      return 4;
    case 'object': {
      if (value === null) return 4;
      if (depth > BOUND_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Number.POSITIVE_INFINITY;
      let size = 2;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
          size += jsonSizeBound(value[index], budget - size, depth + 1) + 1;
          if (size > budget) return Number.POSITIVE_INFINITY;
        }
        return size;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return Number.POSITIVE_INFINITY;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        size += 6 * key.length + 4 + jsonSizeBound(record[key], budget - size, depth + 1);
        if (size > budget) return Number.POSITIVE_INFINITY;
      }
      return size;
    }
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * The size in bytes of `value`'s JSON when it is larger than `limit`, otherwise undefined. Messages
 * are mostly far below their limit: a bound proves that without serializing; only values that come
 * near it are serialized and counted exactly.
 */
export function jsonSizeOverLimit(value: unknown, limit: number): number | undefined {
  const bound = jsonSizeBound(value, limit, 0);
  if (bound <= limit && bound !== Number.POSITIVE_INFINITY) return undefined;
  const size = jsonByteLength(value);
  return size > limit ? size : undefined;
}

/** Checks the shape of an envelope received from the wire. */
export function parseEnvelope(raw: unknown, provider?: string): Envelope {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw new RealtimeError('MALFORMED_MESSAGE', 'Received a message that is not valid JSON', {
        provider,
        cause,
      });
    }
  }
  const envelope = value as Partial<Envelope> | null;
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    typeof envelope.id !== 'string' ||
    envelope.id.length === 0 ||
    typeof envelope.event !== 'string' ||
    typeof envelope.ts !== 'number' ||
    !('data' in envelope)
  ) {
    throw new RealtimeError('MALFORMED_MESSAGE', 'Received a message without a valid envelope {id, event, data, ts}', {
      provider,
      details: { received: typeof value === 'object' ? Object.keys(value ?? {}) : typeof value },
    });
  }
  return envelope as Envelope;
}
