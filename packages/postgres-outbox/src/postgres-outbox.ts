/**
 * `postgresOutbox`: the app records messages in its own transaction (`publish(tx, …)`); as a
 * publisher's `outbox` it hands committed messages to that publisher's recovery (`claimAbandoned`),
 * records the publisher's own publishes (`record`) and marks delivered rows sent (`remove`).
 */
import { type OutboundMessage, RealtimeError } from '@switchboard/core/adapter';
import { fromOutboxRecord, type OutboxEntry, toOutboxRecord } from '@switchboard/core/outbox';
import type { OutboxDatabase } from './database.js';
import { outboxNames } from './identifiers.js';
import { createMaintenance } from './maintenance.js';
import { type PreparedRow, prepareRow } from './message-record.js';
import { migrationStatements, runMigrations } from './migrations.js';
import type { PostgresOutbox, PostgresOutboxOptions } from './outbox-options.js';
import { outboxStatements } from './outbox-statements.js';
import { createOwedWrites } from './owed-writes.js';

/** PostgreSQL errors that mean the outbox's schema is missing: undefined function, table or schema. */
const NOT_MIGRATED = new Set(['42883', '42P01', '3F000']);

const positive = (name: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) {
    throw new RealtimeError('CONFIG', `postgresOutbox: ${name} must be a non-negative number`, { details: { [name]: value } });
  }
  return resolved;
};

/** A transactional outbox on PostgreSQL; connects nothing until used. See {@link PostgresOutbox}. */
export function postgresOutbox(options: PostgresOutboxOptions): PostgresOutbox {
  if (!options.channels || options.channels.length === 0) {
    throw new RealtimeError('CONFIG', 'postgresOutbox needs `channels`: every channel definition whose messages it may hold');
  }
  if (!options.database || typeof options.database.query !== 'function') {
    throw new RealtimeError('CONFIG', 'postgresOutbox needs `database`: a pg Pool or Client, PGlite, or postgresJsDatabase(sql)');
  }
  const { database, channels } = options;
  const names = outboxNames(options.schema ?? 'switchboard');
  const sql = outboxStatements(names);
  const leaseMs = positive('leaseMs', options.leaseMs, 30_000);
  const pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs, 2000);
  const claimBatchSize = Math.max(1, positive('claimBatchSize', options.claimBatchSize, 200));
  const retainSentMs = positive('retainSentMs', options.retainSentMs, 86_400_000);
  const rules = { channels, maxPayloadBytes: options.maxPayloadBytes };
  const owner = `relay-${globalThis.crypto.randomUUID()}`;
  const reportError =
    options.onError ??
    ((error: RealtimeError, key: string | undefined) =>
      console.warn(`[switchboard] postgres outbox${key ? ` (row ${key})` : ''}: ${error.message}`));
  const asRealtimeError = (error: unknown): RealtimeError =>
    RealtimeError.isInstance(error)
      ? error
      : new RealtimeError('PROVIDER_UNAVAILABLE', `The outbox's database failed: ${(error as Error)?.message ?? String(error)}`, {
          cause: error,
          retriable: true,
        });
  const owed = createOwedWrites();
  let backlog = false;
  let closed = false;

  /** Runs an outbox statement; a missing schema becomes CONFIG, an outage PROVIDER_UNAVAILABLE. */
  const run = async (target: OutboxDatabase, text: string, params: unknown[]) => {
    try {
      return (await target.query(text, params)).rows;
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (typeof code === 'string' && NOT_MIGRATED.has(code)) {
        throw new RealtimeError(
          'CONFIG',
          `The outbox's tables are missing in schema ${names.schema}: run outbox.migrate() (or outbox.migrationSql() in your migrations)`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  };

  const prune = async (): Promise<number> => {
    const rows = await run(database, sql.prune, [String(Math.round(retainSentMs)), 1000]);
    return Number(rows[0]?.pruned ?? 0);
  };

  const maintenance = createMaintenance(
    {
      async tick() {
        await run(database, sql.renew, [owner, Math.round(leaseMs)]);
        await owed.settle(database);
      },
      prune,
      onError: (error) => reportError(asRealtimeError(error), undefined),
    },
    Math.max(50, Math.floor(leaseMs / 3)),
    60_000,
  );

  /** Appends prepared rows through `target`; answers each message's row key, in order. */
  const append = async (target: OutboxDatabase, rows: PreparedRow[], holder: string | null): Promise<string[]> => {
    const answer = await run(target, sql.append, [JSON.stringify(rows), holder, Math.round(leaseMs)]);
    const keyOf = new Map(answer.map((row) => [String(row.message_id), String(row.message_seq)]));
    return rows.map((row) => {
      const key = keyOf.get(row.id);
      if (key === undefined)
        throw new RealtimeError('PROVIDER_UNAVAILABLE', `The outbox did not confirm message ${row.id}`, { retriable: true });
      return key;
    });
  };

  /** Rebuilds claimed rows; a row that cannot be rebuilt is set aside and reported. */
  const rebuild = async (rows: Record<string, unknown>[]): Promise<OutboxEntry[]> => {
    const entries: OutboxEntry[] = [];
    const ordered = [...rows].sort((left, right) => Number(left.seq) - Number(right.seq));
    for (const row of ordered) {
      const key = String(row.seq);
      try {
        entries.push({ key, message: fromOutboxRecord(String(row.record), channels) });
      } catch (error) {
        const failure = asRealtimeError(error);
        reportError(failure, key);
        await run(database, sql.setAside, [key, failure.message]).catch(() => {});
      }
    }
    return entries;
  };

  return {
    owner,
    notifyChannel: names.notifyChannel,
    recoverIntervalMs: pollIntervalMs,
    get backlog() {
      return backlog;
    },

    migrate: () => runMigrations(database, names),
    migrationSql: () => migrationStatements(names).join('\n\n'),

    async publish(target, channel, event, data, publishOptions = {}) {
      const row = await prepareRow({ channel, event, data, ...publishOptions }, rules);
      await append(target, [row], null);
      return { id: row.id };
    },

    async publishMany(target, entries) {
      const rows: PreparedRow[] = [];
      for (const entry of entries) rows.push(await prepareRow(entry, rules));
      if (rows.length > 0) await append(target, rows, null);
      return rows.map((row) => ({ id: row.id }));
    },

    async record(messages: readonly OutboundMessage[]) {
      if (closed) throw new RealtimeError('CLOSED', 'This outbox is closed');
      maintenance.start();
      const rows = messages.map((message) => ({ id: message.envelope.id, channel: message.channel.name, record: toOutboxRecord(message) }));
      try {
        return await append(database, rows, owner);
      } catch (error) {
        throw asRealtimeError(error);
      }
    },

    async remove(keys) {
      if (keys.length === 0) return;
      try {
        await run(database, sql.markSent, [JSON.stringify(keys)]);
      } catch {
        // Delivered: never send again. The rows stay leased to this process until the mark lands.
        owed.owe(sql.markSent, keys);
        maintenance.start();
      }
    },

    async discard(messages) {
      const ids = messages.map((message) => message.envelope.id);
      try {
        await run(database, sql.discard, [JSON.stringify(ids)]);
      } catch {
        owed.owe(sql.discard, ids);
        maintenance.start();
      }
    },

    async claimAbandoned() {
      if (closed) return [];
      maintenance.start();
      // Marks owed since the database was away land first: those rows were sent, they must not wait a lease.
      if (owed.size > 0) await owed.settle(database).catch(() => {});
      let rows: Record<string, unknown>[];
      try {
        rows = await run(database, sql.claim, [owner, claimBatchSize, Math.round(leaseMs)]);
      } catch (error) {
        throw asRealtimeError(error);
      }
      backlog = rows.length >= claimBatchSize;
      return rebuild(rows);
    },

    async pending() {
      const rows = await run(database, sql.pending, []);
      return Number(rows[0]?.pending ?? 0);
    },

    // The publisher's health reads it: above its threshold, an `outbox-backlog` reason.
    async size() {
      try {
        return await this.pending();
      } catch (error) {
        throw asRealtimeError(error);
      }
    },

    prune,

    async close() {
      if (closed) return;
      closed = true;
      maintenance.stop();
      // Best effort: settle what is owed, then hand unsent rows to other relays at once.
      await owed.settle(database).catch(() => {});
      await run(database, sql.release, [owner]).catch(() => {});
    },
  };
}
