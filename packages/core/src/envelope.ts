/**
 * The envelope codec: the message every provider carries (`Envelope`), its compact wire form
 * (version 2, positional), reading both versions back, message ids, and size checks. The format
 * is specified in docs/protocol.md.
 */
import { RealtimeError } from './errors.js';

/**
 * What travels with every message, whatever the provider. `id` is fixed before the first attempt
 * and kept across retries, so a retried publish can be recognised and dropped by subscribers.
 */
export interface Envelope<TData = unknown> {
  /**
   * Set (to 1) only on a version-1 envelope read from the wire that announced itself; version 1 is
   * this object shape and needs no tag. On the wire, version 2 is {@link encodeEnvelope}'s array.
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
   * User id whose connections this message must not reach, however many devices they have. Hubs
   * that know each connection's user (memory, the Socket.IO hub) leave them out; on Pusher and Ably
   * the receiving subscriber drops it when it is signed in as that user (docs/protocol.md).
   */
  excludeUser?: string | undefined;
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
  /**
   * W3C trace context of the publish (`00-<trace id>-<span id>-<flags>`), set by the publisher's
   * OpenTelemetry telemetry (`@switchboard/core/telemetry`): the hub's and the subscriber's spans
   * continue the publisher's trace. Absent without it; receivers ignore what they cannot read.
   */
  traceparent?: string | undefined;
  /** W3C `tracestate` that goes with `traceparent`, when the publisher's context has one. */
  tracestate?: string | undefined;
}

/** Characters of a message id's process prefix: 62 letters and digits, JSON- and URL-safe. */
const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 12 characters of 62: about 71 random bits, so two processes share a prefix with odds of 1 in 10^21. */
const ID_PREFIX_LENGTH = 12;
let idPrefix: string | undefined;
let idCounter = 0;

/** A random prefix drawn once per process (per copy of core loaded). */
function randomIdPrefix(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(ID_PREFIX_LENGTH));
  let prefix = '';
  // 256 is not a multiple of 62: the slight bias costs under 0.1 bit per character.
  for (const byte of bytes) prefix += ID_ALPHABET[byte % 62];
  return prefix;
}

/**
 * A new message id, unique across processes without a UUID per message: a random prefix drawn once
 * per process, then a counter (base 36), e.g. `q3ZtY0aLwK7e.1b`. Cheap (no random draw per message),
 * short (15–20 characters), and still unique when publishers run in many processes at once.
 */
export function createMessageId(): string {
  idPrefix ??= randomIdPrefix();
  idCounter += 1;
  return `${idPrefix}.${idCounter.toString(36)}`;
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

/** The wire-format version this code writes (docs/protocol.md): the positional form. */
export const PROTOCOL_VERSION = 2;

/** Every version this code reads: 1 (the object form, written before version 2) and 2. */
export const READABLE_PROTOCOL_VERSIONS: readonly number[] = [1, 2];

/**
 * Version 2 on the wire: `[2, id, event, data, ts, seq, historySeq, exclude, unnumberedBefore, traceparent, tracestate,
 * excludeUser]`. An
 * absent optional member is `null` when a later one is present and left out at the end; receivers
 * ignore elements after the last one they know, so a later minor addition appends.
 */
export type WireEnvelope = [
  version: 2,
  id: string,
  event: string,
  data: unknown,
  ts: number,
  seq?: number | null,
  historySeq?: number | null,
  exclude?: string | null,
  unnumberedBefore?: 1 | null,
  traceparent?: string | null,
  tracestate?: string | null,
  excludeUser?: string,
];

/**
 * The envelope as it goes on the wire (version 2): an array, not yet serialized, so the provider's
 * own framing (Socket.IO's packet, Pusher's `data` string, an HTTP body) serializes it exactly once.
 */
export function encodeEnvelope(envelope: Envelope): WireEnvelope {
  const wire: WireEnvelope = [2, envelope.id, envelope.event, envelope.data, envelope.ts];
  const { seq, historySeq, exclude, traceparent, tracestate, excludeUser } = envelope;
  // The last present optional member decides the length; the ones before it are null.
  const last = excludeUser
    ? 11
    : tracestate
      ? 10
      : traceparent
        ? 9
        : envelope.unnumberedBefore
          ? 8
          : exclude !== undefined
            ? 7
            : historySeq !== undefined
              ? 6
              : seq !== undefined
                ? 5
                : 4;
  if (last >= 5) wire[5] = seq ?? null;
  if (last >= 6) wire[6] = historySeq ?? null;
  if (last >= 7) wire[7] = exclude ?? null;
  if (last >= 8) wire[8] = envelope.unnumberedBefore ? 1 : null;
  if (last >= 9) wire[9] = traceparent ?? null;
  if (last >= 10) wire[10] = tracestate ?? null;
  if (last >= 11) wire[11] = excludeUser;
  return wire;
}

/**
 * {@link parseEnvelope} for servers (the hub, stores, the outbox): also keeps the W3C trace context
 * a version-2 array carries at positions 9 and 10 and the excluded user at 11, which browsers'
 * reader leaves out for size (the Pusher subscriber reads position 11 itself).
 */
export function parseEnvelopeWithTrace(raw: unknown, provider?: string): Envelope {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      // parseEnvelope reports it.
    }
  }
  const envelope = parseEnvelope(value, provider);
  if (Array.isArray(value)) {
    if (typeof value[9] === 'string') envelope.traceparent = value[9];
    if (typeof value[10] === 'string') envelope.tracestate = value[10];
    if (typeof value[11] === 'string') envelope.excludeUser = value[11];
  }
  return envelope;
}

/** The `historySeq` member of an envelope not checked yet, in either form. */
export function historySeqOf(value: unknown): unknown {
  if (Array.isArray(value)) return value[0] === 2 ? value[6] : undefined;
  return (value as { historySeq?: unknown } | null)?.historySeq;
}

/**
 * Reads an envelope received from the wire, JSON text or parsed: version 2 (an array) and version 1
 * (an object without `v`, or `v: 1`), so a subscriber keeps reading older publishers during a
 * rolling deploy. Any other announced version is refused with UNSUPPORTED_PROTOCOL, never guessed
 * at. Written for size: it runs in every browser bundle.
 */
export function parseEnvelope(raw: unknown, provider?: string): Envelope {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      // Not JSON: reported below as not an envelope.
      value = null;
    }
  }
  const array = Array.isArray(value) ? (value as unknown[]) : undefined;
  const object = value as Record<string, unknown> | null;
  // Only version 1 has an object form (`v` absent or 1), only version 2 an array form.
  const version = array ? array[0] : object && typeof object === 'object' && 'v' in object ? object.v : 1;
  if (version !== (array ? 2 : 1) && (!array || typeof version === 'number')) {
    throw new RealtimeError('UNSUPPORTED_PROTOCOL', `Unsupported protocol version ${JSON.stringify(version)?.slice(0, 40)} (reads 1, 2)`, {
      provider,
      details: { version, supported: READABLE_PROTOCOL_VERSIONS },
    });
  }
  const envelope = (
    array
      ? {
          id: array[1],
          event: array[2],
          data: array[3],
          ts: array[4],
          seq: array[5] ?? undefined,
          historySeq: array[6] ?? undefined,
          exclude: array[7] ?? undefined,
          unnumberedBefore: array[8] === 1 || undefined,
        }
      : object
  ) as Partial<Envelope> | null;
  if (
    typeof envelope?.id !== 'string' ||
    !envelope.id ||
    typeof envelope.event !== 'string' ||
    typeof envelope.ts !== 'number' ||
    !(array ? version === 2 && array.length > 4 : 'data' in envelope)
  ) {
    throw new RealtimeError('MALFORMED_MESSAGE', 'Received a message that is not an envelope', { provider });
  }
  return envelope as Envelope;
}
