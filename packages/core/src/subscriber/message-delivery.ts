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
import { rememberId } from './dedupe-window.js';
import type { ErrorReporter } from './error-reporter.js';
import type { MessageMeta } from './subscriber-types.js';

/**
 * Delivers messages of any channel entry; `transport` is the loaded transport, if any yet, and
 * `window` how many ids each channel remembers; `validate` false under a policy without receipt checks.
 */
export function createMessageDelivery(
  transport: () => SubscriberTransport | undefined,
  report: ErrorReporter,
  window: number,
  validate: boolean,
) {
  /**
   * Hands the validated data to the handlers; without a result (validation threw) or with issues,
   * forgets the id instead (a valid copy may follow) and reports.
   */
  function handOut(
    entry: ChannelEntry,
    envelope: Envelope,
    message: InboundMessage,
    provider: string | undefined,
    result: StandardSchemaV1.Result<unknown> | undefined,
    error?: unknown,
  ) {
    const { id, event } = envelope;
    const channel = entry.ref.name;
    if (!result || result.issues) {
      entry.dedupe.delete(id);
      return report(result ? issuesError(result.issues, `"${event}" on "${channel}"`) : error, { channel, event }, entry);
    }
    const meta: MessageMeta = { id, event, channel, timestamp: envelope.ts, recovered: message.recovered, provider };
    if (typeof envelope.historySeq === 'number') meta.seq = envelope.historySeq;
    // A snapshot: handlers that (un)subscribe while this message is handed out do not change who gets it.
    entry.snapshot ??= [...entry.listeners];
    for (const listener of entry.snapshot) {
      if (listener.event !== undefined && listener.event !== event) continue;
      try {
        listener.handlers[event]?.(result.value, meta);
      } catch (error) {
        report(error, { channel, event }, entry);
      }
    }
  }

  function deliver(entry: ChannelEntry, message: InboundMessage): void | Promise<void> {
    const target = transport();
    const provider = target?.provider;
    const channel = entry.ref.name;
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(message.envelope, provider);
    } catch (error) {
      return report(error, { channel }, entry);
    }
    const { id, event } = envelope;
    // Nothing this large can come from a Switchboard publisher (it checks the same limit on the same
    // JSON); report it rather than hand a handler a message the contract says cannot exist.
    const limit = target?.limits.maxPayloadBytes ?? Infinity;
    const size = jsonSizeOverLimit(envelope, limit);
    if (size) {
      return report(
        new RealtimeError('PAYLOAD_TOO_LARGE', `${size} B on "${channel}" (limit ${limit})`, { provider, details: { size, limit, id } }),
        { channel, event },
        entry,
      );
    }
    if (envelope.exclude !== undefined && envelope.exclude === target?.connectionId()) return;
    const schema = entry.ref.definition.events[event];
    if (!schema)
      return report(
        new RealtimeError('INVALID_EVENT', `Unknown event "${event}" on "${channel}"`, { provider }),
        { channel, event },
        entry,
      );
    if (!rememberId(entry.dedupe, id, window)) return;
    if (envelope.ts > entry.continuousSince) entry.continuousSince = envelope.ts;
    // No closure per message: only a schema that validates asynchronously needs two.
    try {
      // Validated once per message, before the handlers; not at all under a policy without receipt checks.
      const result = validate ? schema['~standard'].validate(envelope.data) : { value: envelope.data };
      if (result instanceof Promise) {
        return result.then(
          (checked) => handOut(entry, envelope, message, provider, checked),
          (error) => handOut(entry, envelope, message, provider, undefined, error),
        );
      }
      handOut(entry, envelope, message, provider, result);
    } catch (error) {
      handOut(entry, envelope, message, provider, undefined, error);
    }
  }

  /** Delivers in arrival order: a message waits for the one before it when that one validates asynchronously. */
  return function receive(entry: ChannelEntry, message: InboundMessage): void {
    const pending = entry.queue?.then(() => deliver(entry, message)) ?? deliver(entry, message);
    const tail: Promise<void> | undefined = pending?.finally(() => {
      if (entry.queue === tail) entry.queue = undefined;
    });
    if (tail) entry.queue = tail;
  };
}
