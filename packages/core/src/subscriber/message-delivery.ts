/**
 * One channel's inbound pipeline: parse the envelope, refuse what no Switchboard publisher can send
 * (oversized, unknown event), drop what excludes this connection or was seen already, validate the
 * data with the event's schema, and hand it to the handlers — in arrival order, even when a schema
 * validates asynchronously.
 */
import { type Envelope, jsonSizeOverLimit, parseEnvelope } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import type { InboundMessage, SubscriberTransport } from '../transport.js';
import { issuesError } from '../validation.js';
import type { ChannelEntry } from './channel-entry.js';
import type { ErrorReporter } from './error-reporter.js';
import type { MessageMeta } from './subscriber-types.js';

/** Delivers messages of any channel entry; `transport` is the loaded transport, if any yet. */
export function createMessageDelivery(transport: () => SubscriberTransport | undefined, report: ErrorReporter, validate = true) {
  function deliver(entry: ChannelEntry, message: InboundMessage): void | Promise<void> {
    const target = transport();
    let envelope: ReturnType<typeof parseEnvelope>;
    try {
      envelope = parseEnvelope(message.envelope, target?.provider);
    } catch (error) {
      return report(error, { channel: entry.ref.name }, entry);
    }
    // Nothing this large can come from a Switchboard publisher (it checks the same limit on the same
    // JSON); report it rather than hand a handler a message the contract says cannot exist.
    const limit = target?.limits.maxPayloadBytes;
    if (limit !== undefined && Number.isFinite(limit)) {
      const size = jsonSizeOverLimit(envelope, limit);
      if (size !== undefined) {
        return report(
          new RealtimeError('PAYLOAD_TOO_LARGE', `Received a ${size}-byte message on "${entry.ref.name}"; the limit is ${limit}`, {
            provider: target?.provider,
            details: { size, limit, id: envelope.id },
          }),
          { channel: entry.ref.name, event: envelope.event },
          entry,
        );
      }
    }
    if (envelope.exclude !== undefined && envelope.exclude === target?.connectionId()) return;
    const schema = entry.ref.definition.events[envelope.event];
    if (!schema) {
      return report(
        new RealtimeError('INVALID_EVENT', `Received unknown event "${envelope.event}" on "${entry.ref.name}"`, {
          provider: target?.provider,
        }),
        { channel: entry.ref.name, event: envelope.event },
        entry,
      );
    }
    if (!entry.dedupe.remember(envelope.id)) return;
    if (envelope.ts > entry.continuousSince) entry.continuousSince = envelope.ts;
    // Validated once per message here, before the handlers; not at all under a policy without receipt checks.
    const result = validate ? schema['~standard'].validate(envelope.data) : { value: envelope.data };
    if (result instanceof Promise) {
      const settledEnvelope = envelope;
      return result.then(
        (settled) => validated(entry, settledEnvelope, message.recovered, settled),
        (error: unknown) => rejected(entry, settledEnvelope, error),
      );
    }
    validated(entry, envelope, message.recovered, result);
  }

  /** Hands a validated message to the handlers, or reports why it was not valid. */
  function validated(entry: ChannelEntry, envelope: Envelope, recovered: boolean, result: StandardSchemaV1.Result<unknown>): void {
    if (result.issues) {
      rejected(entry, envelope, issuesError(result.issues, `Received "${envelope.event}" on "${entry.ref.name}"`));
      return;
    }
    const meta: MessageMeta = { id: envelope.id, event: envelope.event, channel: entry.ref.name, timestamp: envelope.ts, recovered };
    if (typeof envelope.historySeq === 'number') meta.seq = envelope.historySeq;
    // A snapshot: handlers that (un)subscribe while this message is handed out do not change who gets it.
    entry.snapshot ??= [...entry.listeners];
    for (const listener of entry.snapshot) {
      if (listener.event !== undefined && listener.event !== envelope.event) continue;
      const handler = listener.handlers[envelope.event];
      if (!handler) continue;
      try {
        handler(result.value, meta);
      } catch (error) {
        report(error, { channel: entry.ref.name, event: envelope.event }, entry);
      }
    }
  }

  /** The message could not be delivered: forget its id (a valid copy may follow) and report. */
  function rejected(entry: ChannelEntry, envelope: Envelope, error: unknown): void {
    entry.dedupe.forget(envelope.id);
    report(error, { channel: entry.ref.name, event: envelope.event }, entry);
  }

  /** Delivers in arrival order: a message waits for the one before it when that one validates asynchronously. */
  return function receive(entry: ChannelEntry, message: InboundMessage): void {
    if (!entry.queue) {
      const pending = deliver(entry, message);
      if (!pending) return;
      const tail: Promise<void> = pending.finally(() => {
        if (entry.queue === tail) entry.queue = undefined;
      });
      entry.queue = tail;
      return;
    }
    const tail: Promise<void> = entry.queue
      .then(() => deliver(entry, message))
      .finally(() => {
        if (entry.queue === tail) entry.queue = undefined;
      });
    entry.queue = tail;
  };
}
