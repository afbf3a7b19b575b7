/**
 * A write and the realtime messages it causes, as one unit: the one function every example route
 * goes through to change data and tell the pages. The work runs in a database transaction and
 * queues its messages with `messages.add`, which validates each against its event's schema right
 * away, so an invalid payload throws inside the transaction and nothing is committed.
 *
 * Today the queued messages are sent with `publishMany` after the commit, and a send that fails
 * for good throws {@link PublishFailedError} (the write stays committed; the route answers 502
 * `PUBLISH_FAILED` with what was saved, never "logs and moves on"). That is still a dual write: a
 * process that dies between the commit and the send loses the messages. The transactional outbox
 * (`@switchboard/postgres-outbox`) closes it: record the queued messages through the outbox on
 * `transaction`, before the commit, in `createWriteAndPublish` below — nothing else changes.
 */
import type { ChannelRef, EventInput, EventName } from '@switchboard/core/client';
import { type BatchEntry, type RealtimePublisher, type RetryPolicy, validateWithSchema } from '@switchboard/core/server';
import { json } from '../http.js';
import type { Database, Queryable } from './database.js';

/** The messages of one write, queued inside its transaction. */
export interface QueuedMessages {
  /** Validates the payload now (throwing VALIDATION_FAILED aborts the transaction) and queues it. */
  add<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    channel: TRef,
    event: TEvent,
    data: EventInput<TRef, TEvent>,
    options?: { excludeConnectionId?: string | undefined },
  ): Promise<void>;
}

/** The write committed but its messages could not be sent (after the publisher's retries). */
export class PublishFailedError<T = unknown> extends Error {
  readonly code = 'PUBLISH_FAILED';
  constructor(
    /** What the work returned: the data that was saved. */
    readonly saved: T,
    override readonly cause: unknown,
  ) {
    super(`Saved, but the realtime update could not be sent: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'PublishFailedError';
  }
}

/** Runs a write and publishes what it queued; see the module comment for the order. */
export type WriteAndPublish = <T>(work: (transaction: Queryable, messages: QueuedMessages) => Promise<T>) => Promise<T>;

/** Options of {@link createWriteAndPublish}. */
export interface WriteAndPublishOptions {
  /** The publisher's retry policy for these sends (`'serverless'` inside a 10 s function). @default the publisher's */
  retry?: RetryPolicy;
}

export function createWriteAndPublish(
  database: Database,
  publisher: RealtimePublisher,
  options: WriteAndPublishOptions = {},
): WriteAndPublish {
  return async (work) => {
    const queued: BatchEntry[] = [];
    const messages: QueuedMessages = {
      async add(channel, event, data, messageOptions = {}) {
        const schema = channel.definition.events[event];
        if (!schema) throw new Error(`${channel.name} has no event "${event}"`);
        await validateWithSchema(schema, data, `"${event}" on ${channel.name}`);
        queued.push({
          channel,
          event,
          data,
          ...(messageOptions.excludeConnectionId ? { excludeConnectionId: messageOptions.excludeConnectionId } : {}),
        } as BatchEntry);
      },
    };
    // After the outbox lands: `outbox.record(transaction, queued)` here, inside the transaction.
    const saved = await database.transaction((transaction) => work(transaction, messages));
    if (queued.length === 0) return saved;
    try {
      await publisher.publishMany(queued, options.retry === undefined ? {} : { retry: options.retry });
    } catch (error) {
      throw new PublishFailedError(saved, error);
    }
    return saved;
  };
}

/** The answer of a route whose write committed but whose messages could not be sent. */
export function publishFailedResponse(error: PublishFailedError, saved: Record<string, unknown> = {}): Response {
  return json(502, { error: { code: error.code, message: `${error.message}. Other windows show it after a reload.` }, saved });
}
