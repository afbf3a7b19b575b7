/**
 * The durable outbox contract. A publisher with an outbox records every message before its first
 * attempt and forgets it once the provider accepted it, so a message survives the publisher's
 * process: whatever a crashed publisher left behind is sent by the next one, with the same id.
 */
import type { AnyChannelDefinition, ChannelRef } from '../channel.js';
import { parseEnvelopeWithTrace } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { OutboundMessage } from '../transport.js';

/** One message waiting in an outbox. */
export interface OutboxEntry {
  /** The outbox's own key for this entry (a Redis stream id, for example). */
  key: string;
  /** The message, rebuilt with its channel reference and original envelope. */
  message: OutboundMessage;
}

/**
 * Where a publisher keeps messages until the provider accepted them. Implement it over any store
 * with atomic writes; `@switchboard/core/outbox` ships one on Redis streams.
 */
export interface PublisherOutbox {
  /**
   * Records messages before their first attempt; one key per message, in order. Must be idempotent
   * per message id: the publisher retries a record whose answer was lost, and a message already in
   * the outbox answers with its existing key instead of a second entry.
   */
  record(messages: readonly OutboundMessage[]): Promise<string[]>;
  /**
   * Forgets messages the provider accepted, or refused for good. An entry passed here must never be
   * sent again, also when the store cannot be reached right now: the outbox then owes the deletion
   * and settles it once the store answers (the Redis outbox does), or rejects.
   */
  remove(keys: readonly string[]): Promise<void>;
  /**
   * After `record` failed without saying whether it stored anything: makes sure none of these
   * messages is ever sent, deleting them by id now or as soon as the store answers. The publisher
   * calls it before its publish rejects.
   */
  discard?(messages: readonly OutboundMessage[]): Promise<void>;
  /**
   * Takes over entries whose publisher stopped (crashed, killed, lost its store connection) so this
   * publisher can send them. An entry is handed to one claimer at a time.
   */
  claimAbandoned(): Promise<OutboxEntry[]>;
  /**
   * How often the publisher looks for abandoned entries, in ms.
   * @default 5000
   */
  readonly recoverIntervalMs?: number;
  /** Messages waiting now, every publisher's; health reports a backlog above its threshold. */
  size?(): Promise<number>;
  /** Releases the store connection. The publisher's `close()` calls it. */
  close(): Promise<void>;
}

/** How an outbox stores one message: the envelope plus what rebuilds its channel reference. */
export interface OutboxRecord {
  /** What rebuilds the channel reference from the app's definitions. */
  channel: {
    /** The definition's template. */
    template: string;
    /** The logical channel name. */
    name: string;
    /** The channel's params. */
    params: Record<string, string>;
  };
  /** The envelope, sent again as is (same id). */
  envelope: OutboundMessage['envelope'];
}

/** The storable form of a message: its envelope, and its channel as template, name and params. */
export function toOutboxRecord(message: OutboundMessage): OutboxRecord {
  const { channel, envelope } = message;
  return { channel: { template: channel.definition.template, name: channel.name, params: { ...channel.params } }, envelope };
}

/**
 * Rebuilds a recorded message. The channel must be one of `definitions` (the definitions carry the
 * schemas and access the stored JSON cannot), else CONFIG names the missing template.
 */
export function fromOutboxRecord(raw: unknown, definitions: readonly AnyChannelDefinition[]): OutboundMessage {
  const record = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Partial<OutboxRecord> | null;
  const stored = record?.channel;
  if (!stored || typeof stored.template !== 'string' || typeof stored.params !== 'object' || stored.params === null) {
    throw new RealtimeError('MALFORMED_MESSAGE', 'An outbox entry has no channel', { details: { received: raw } });
  }
  const definition = definitions.find((candidate) => candidate.template === stored.template);
  if (!definition) {
    throw new RealtimeError('CONFIG', `The outbox holds a message for "${stored.template}", which is not among the outbox's channels`, {
      details: { template: stored.template, known: definitions.map((candidate) => candidate.template) },
    });
  }
  const channel = definition(stored.params as never) as ChannelRef;
  return { channel, envelope: parseEnvelopeWithTrace(record?.envelope) };
}
