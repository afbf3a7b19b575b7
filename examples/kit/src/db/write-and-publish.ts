/**
 * A write and the realtime messages it causes, as one unit: the one function every example route
 * goes through to change data and tell the pages. The work runs in a database transaction and
 * queues its messages with `messages.add`, which validates each against its event's schema right
 * away, so an invalid payload throws inside the transaction and nothing is committed.
 *
 * Before the commit, the queued messages are recorded through the transactional outbox
 * (`@switchboard/postgres-outbox`) on the transaction's own driver handle, in one `publishMany`
 * (which locks their channels in sorted order). So a message exists if and only if the write
 * commits: no dual write, nothing to lose between the commit and the send. The relay the kit runs
 * (`startRelay`, woken by the append's NOTIFY at commit, polling as the fallback) sends them; a
 * provider that is down only delays them, so routes answer with what they saved, never 502.
 */
import type { ChannelRef, EventInput, EventName } from '@switchboard/core/client';
import { type BatchEntry, validateWithSchema } from '@switchboard/core/server';
import type { PostgresOutbox } from '@switchboard/postgres-outbox';
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

/** Runs a write and records what it queued in the outbox, in the same transaction. */
export type WriteAndPublish = <T>(work: (transaction: Queryable, messages: QueuedMessages) => Promise<T>) => Promise<T>;

export function createWriteAndPublish(database: Database, outbox: PostgresOutbox): WriteAndPublish {
  return (work) =>
    database.transaction(async (transaction) => {
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
      const saved = await work(transaction, messages);
      // Recorded on the transaction's own connection: committed with the write, or rolled back with it.
      if (queued.length > 0) await outbox.publishMany(transaction.driver, queued);
      return saved;
    });
}
