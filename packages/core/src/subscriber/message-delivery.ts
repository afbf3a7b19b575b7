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

/**
 * Delivers messages of any channel entry; `transport` is the loaded transport, if any yet, and
 * `window` how many ids each channel remembers.
 */
export function createMessageDelivery(transport: () => SubscriberTransport | undefined, report: ErrorReporter, window: number) {
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
    const fail = (error: unknown) => report(error, { channel, event }, entry);
    // Nothing this large can come from a Switchboard publisher (it checks the same limit on the same
    // JSON); report it rather than hand a handler a message the contract says cannot exist.
    const limit = target?.limits.maxPayloadBytes ?? Infinity;
    const size = limit < Infinity ? jsonSizeOverLimit(envelope, limit) : undefined;
    if (size !== undefined) {
      return fail(
        new RealtimeError('PAYLOAD_TOO_LARGE', `${size} B on "${channel}" (limit ${limit})`, { provider, details: { size, limit, id } }),
      );
    }
    if (envelope.exclude !== undefined && envelope.exclude === target?.connectionId()) return;
    const schema = entry.ref.definition.events[event];
    if (!schema) return fail(new RealtimeError('INVALID_EVENT', `Unknown event "${event}" on "${channel}"`, { provider }));
    if (!rememberId(entry.dedupe, id, window)) return;
    if (envelope.ts > entry.continuousSince) entry.continuousSince = envelope.ts;
    /** Hands the validated data to the handlers, or forgets the id (a valid copy may follow) and reports. */
    const settle = (result: StandardSchemaV1.Result<unknown>) => {
      if (result.issues) throw issuesError(result.issues, `"${event}" on "${channel}"`);
      const meta = { id, event, channel, timestamp: envelope.ts, recovered: message.recovered, seq: envelope.historySeq };
      if (typeof meta.seq !== 'number') delete meta.seq;
      // A snapshot: handlers that (un)subscribe while this message is handed out do not change who gets it.
      entry.snapshot ??= [...entry.listeners];
      for (const listener of entry.snapshot) {
        const handler = listener.event === undefined || listener.event === event ? listener.handlers[event] : undefined;
        try {
          handler?.(result.value, meta);
        } catch (error) {
          fail(error);
        }
      }
    };
    const rejected = (error: unknown) => {
      entry.dedupe.delete(id);
      fail(error);
    };
    try {
      const result = schema['~standard'].validate(envelope.data);
      if (result instanceof Promise) return result.then(settle).catch(rejected);
      settle(result);
    } catch (error) {
      rejected(error);
    }
  }

  /** Delivers in arrival order: a message waits for the one before it when that one validates asynchronously. */
  return function receive(entry: ChannelEntry, message: InboundMessage): void {
    const pending = entry.queue ? entry.queue.then(() => deliver(entry, message)) : deliver(entry, message);
    if (!pending) return;
    const tail: Promise<void> = pending.finally(() => {
      if (entry.queue === tail) entry.queue = undefined;
    });
    entry.queue = tail;
  };
}
