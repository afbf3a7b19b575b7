/**
 * Envelope ↔ Ably message, both ways. The envelope's id and event become Ably's native message `id`
 * (so Ably's idempotent publishing de-duplicates retries) and `name`; Ably's `timestamp` becomes
 * `ts` on receipt. Data travels JSON-encoded (`encoding: "json"`) so any JSON value survives;
 * `seq`, `historySeq`, `exclude` and the publish's trace context ride in `extras.headers`.
 */
import type { Envelope } from '@switchboard/core/adapter';

const SEQUENCE_HEADER = 'switchboard-seq';
const HISTORY_SEQUENCE_HEADER = 'switchboard-history-seq';
const EXCLUDE_HEADER = 'switchboard-exclude';
/** The protocol version, in `extras.headers` too; only versions after 1 set it (docs/protocol.md). */
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
  if (envelope.v !== undefined) headers[VERSION_HEADER] = String(envelope.v);
  if (envelope.traceparent !== undefined) headers[TRACEPARENT_HEADER] = envelope.traceparent;
  if (envelope.tracestate !== undefined) headers[TRACESTATE_HEADER] = envelope.tracestate;
  if (Object.keys(headers).length > 0) message.extras = { headers };
  return message;
}

/** Rebuilds the envelope from a decoded Ably message; core checks its shape afterwards. */
export function fromAblyMessage(message: AblyInboundMessage): Record<string, unknown> {
  const headers = (message.extras as { headers?: Record<string, unknown> } | undefined)?.headers ?? {};
  const envelope: Record<string, unknown> = { id: message.id, event: message.name, data: message.data, ts: message.timestamp };
  const sequence = Number(headers[SEQUENCE_HEADER]);
  if (Number.isFinite(sequence) && headers[SEQUENCE_HEADER] !== undefined) envelope.seq = sequence;
  const historySequence = Number(headers[HISTORY_SEQUENCE_HEADER]);
  if (Number.isSafeInteger(historySequence) && headers[HISTORY_SEQUENCE_HEADER] !== undefined) envelope.historySeq = historySequence;
  if (typeof headers[EXCLUDE_HEADER] === 'string') envelope.exclude = headers[EXCLUDE_HEADER];
  // The trace headers are not read back here: this runs in browsers, whose bundle guard has no
  // room for them; a server-side reader takes them from `extras.headers` (docs/protocol.md).
  // Passed on for core to judge: a version it does not read is refused, never delivered as version 1.
  const version = headers[VERSION_HEADER];
  if (version !== undefined) envelope.v = typeof version === 'string' && /^\d{1,6}$/.test(version) ? Number(version) : version;
  return envelope;
}
