/**
 * Envelope ↔ Ably message, both ways. The envelope's id and event become Ably's native message `id`
 * (so Ably's idempotent publishing de-duplicates retries) and `name`; Ably's `timestamp` becomes
 * `ts` on receipt. Data travels JSON-encoded (`encoding: "json"`) so any JSON value survives;
 * `seq`, `historySeq`, `exclude`, `excludeUser` and the publish's trace context ride in `extras.headers`.
 */
import type { Envelope } from '@switchboard/core/adapter';

const SEQUENCE_HEADER = 'switchboard-seq';
const HISTORY_SEQUENCE_HEADER = 'switchboard-history-seq';
const EXCLUDE_HEADER = 'switchboard-exclude';
/**
 * The user a message excludes (`excludeUserId`). Ably delivers the message to every subscriber: the
 * subscriber whose token's clientId is this user drops it on receipt (subscriber/channel-binding.ts).
 */
export const EXCLUDE_USER_HEADER = 'switchboard-exclude-user';
/**
 * The protocol version, in `extras.headers` (docs/protocol.md). Versions 1 and 2 map onto Ably's
 * fields alike, so neither needs it; a version this code does not read is passed on to be refused.
 */
const VERSION_HEADER = 'switchboard-v';
/** W3C trace context of the publish (docs/protocol.md), when the publisher records traces. */
const TRACEPARENT_HEADER = 'traceparent';
const TRACESTATE_HEADER = 'tracestate';

/** The wire form of a message as Ably's REST API takes it. */
export interface AblyOutboundMessage {
  id: string;
  name: string;
  data?: string;
  encoding?: string;
  extras?: { headers: Record<string, string> };
}

/** The fields of a received Ably message the mapping reads. */
export interface AblyInboundMessage {
  id?: string;
  name?: string;
  data?: unknown;
  timestamp?: number;
  extras?: { headers?: Record<string, unknown> } | unknown;
}

export function toAblyMessage(envelope: Envelope): AblyOutboundMessage {
  const message: AblyOutboundMessage = { id: envelope.id, name: envelope.event };
  if (envelope.data !== undefined) {
    message.data = JSON.stringify(envelope.data);
    message.encoding = 'json';
  }
  const headers: Record<string, string> = {};
  if (envelope.seq !== undefined) headers[SEQUENCE_HEADER] = String(envelope.seq);
  if (envelope.historySeq !== undefined) headers[HISTORY_SEQUENCE_HEADER] = String(envelope.historySeq);
  if (envelope.exclude !== undefined) headers[EXCLUDE_HEADER] = envelope.exclude;
  if (envelope.excludeUser !== undefined) headers[EXCLUDE_USER_HEADER] = envelope.excludeUser;
  if (envelope.v !== undefined) headers[VERSION_HEADER] = String(envelope.v);
  if (envelope.traceparent !== undefined) headers[TRACEPARENT_HEADER] = envelope.traceparent;
  if (envelope.tracestate !== undefined) headers[TRACESTATE_HEADER] = envelope.tracestate;
  if (Object.keys(headers).length > 0) message.extras = { headers };
  return message;
}

/** A header's whole number, or null when absent or not one. */
function headerNumber(value: unknown): number | null {
  const number = Number(value);
  return typeof value === 'string' && value !== '' && Number.isSafeInteger(number) ? number : null;
}

/**
 * Rebuilds the envelope from a decoded Ably message, as the version-2 array (docs/protocol.md), so
 * core reads it with the same code as every provider's; core checks its shape afterwards.
 */
export function fromAblyMessage(message: AblyInboundMessage): unknown[] {
  const headers = (message.extras as { headers?: Record<string, unknown> } | undefined)?.headers ?? {};
  const version = headers[VERSION_HEADER];
  return [
    // Versions 1 and 2 map alike; any other is passed on for core to refuse, never delivered as these.
    version === undefined || version === '1' || version === '2' ? 2 : Number(version),
    message.id,
    message.name,
    message.data,
    message.timestamp,
    headerNumber(headers[SEQUENCE_HEADER]),
    headerNumber(headers[HISTORY_SEQUENCE_HEADER]),
    // A connection id; core compares it with this connection's, so anything else never matches.
    headers[EXCLUDE_HEADER],
  ];
}
