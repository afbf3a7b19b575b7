import { RealtimeError } from './errors.js';

/**
 * What travels with every message, whatever the provider. `id` is fixed before the first attempt
 * and kept across retries, so a retried publish can be recognised and dropped by subscribers.
 */
export interface Envelope<TData = unknown> {
  /**
   * Protocol version (docs/protocol.md). Version 1 is this shape and needs no tag: absent or `1`.
   * Any other value is a later version, which {@link parseEnvelope} refuses.
   */
  v?: 1 | undefined;
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
  /**
   * The sending publisher's own counter, increasing per channel within one publisher process. Two
   * publishers number independently, so it does not show holes; see `historySeq` for that.
   */
  seq?: number | undefined;
  /**
   * The message's position in its channel's history, assigned by the publisher's history store
   * (`history` option): gap-free per channel across every publisher, so a missing number is a
   * missed message. Absent without a store, and when the store could not be reached in time (the
   * message is still sent).
   */
  historySeq?: number | undefined;
  /**
   * Set on the first numbered message after messages of this channel went out unnumbered (the
   * publisher's history store was unreachable): a reader catching up past it cannot know what it
   * missed, so it reports the provider's gap as it would without a store.
   */
  unnumberedBefore?: true | undefined;
}

/** A new message id: a random UUID. */
export function createMessageId(): string {
  return globalThis.crypto.randomUUID();
}

const encoder = new TextEncoder();

/** Size in bytes of the JSON an adapter will send for this value. */
export function jsonByteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

/**
 * An upper bound of `jsonByteLength(value)`, walked over plain data without serializing it: a string
 * character costs at most 6 bytes in JSON (`\u001f`), any other primitive at most 25 (numbers), an
 * array element at least `null,`. What serializes in its own way (`toJSON`, class instances,
 * bigint), nests deeper than 32 or passes `budget` is Infinity: the caller measures exactly.
 */
function jsonSizeBound(value: unknown, budget: number, depth: number): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value !== 'object' || value === null) return typeof value === 'bigint' ? Infinity : 25;
  const array = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value);
  if (
    depth > 32 ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    (!array && prototype !== Object.prototype && prototype !== null)
  ) {
    return Infinity;
  }
  let size = array ? 2 + 5 * value.length : 2;
  for (const key in value) {
    size += 6 * key.length + 4 + jsonSizeBound((value as Record<string, unknown>)[key], budget - size, depth + 1);
    if (size > budget) return Infinity;
  }
  return size;
}

/**
 * The size in bytes of `value`'s JSON when it is larger than `limit`, otherwise undefined. Messages
 * are mostly far below their limit: a bound proves that without serializing; only values that come
 * near it are serialized and counted exactly.
 */
export function jsonSizeOverLimit(value: unknown, limit: number): number | undefined {
  const bound = jsonSizeBound(value, limit, 0);
  if (bound <= limit && bound !== Infinity) return undefined;
  const size = jsonByteLength(value);
  return size > limit ? size : undefined;
}

/** The wire-format version this code reads and writes (docs/protocol.md). */
export const PROTOCOL_VERSION = 1;

/**
 * The version an envelope announces (`v` of an object, the leading number of an array), or
 * {@link PROTOCOL_VERSION} when it announces none.
 */
function announcedVersion(value: unknown): unknown {
  if (Array.isArray(value)) return typeof value[0] === 'number' ? value[0] : PROTOCOL_VERSION;
  return typeof value === 'object' && value !== null && 'v' in value ? value.v : PROTOCOL_VERSION;
}

/** Checks the shape of an envelope received from the wire. */
export function parseEnvelope(raw: unknown, provider?: string): Envelope {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw new RealtimeError('MALFORMED_MESSAGE', 'Message is not JSON', { provider, cause });
    }
  }
  // A later version must never be read as this one: refused before its fields mean anything.
  const version = announcedVersion(value);
  if (version !== PROTOCOL_VERSION) {
    throw new RealtimeError(
      'UNSUPPORTED_PROTOCOL',
      `Envelope of protocol version ${JSON.stringify(version)?.slice(0, 40)}; this code reads ${PROTOCOL_VERSION} only (upgrade it)`,
      { provider, details: { version, supported: [PROTOCOL_VERSION] } },
    );
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
    throw new RealtimeError('MALFORMED_MESSAGE', 'Message is not an envelope {id, event, data, ts}', {
      provider,
      details: { received: typeof value === 'object' ? Object.keys(value ?? {}) : typeof value },
    });
  }
  return envelope as Envelope;
}
