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

const encoder = new TextEncoder();

/** Size in bytes of the JSON an adapter will send for this value. */
export function jsonByteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
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
