/** The options and public shape of {@link postgresOutbox}. */
import type { AnyChannelDefinition, ChannelRef, EventInput, EventName } from '@switchboard/core/client';
import type { BatchEntry, PublisherOutbox, PublishResult, RealtimeError } from '@switchboard/core/server';
import type { OutboxDatabase } from './database.js';

/** Options of {@link postgresOutbox}. */
export interface PostgresOutboxOptions {
  /**
   * Where the relay claims and marks messages, and where the publisher records its own publishes: a
   * `pg` Pool or Client, PGlite, or `postgresJsDatabase(sql)`. Messages recorded in the app's
   * transaction go through the database handle passed to `publish` instead.
   */
  database: OutboxDatabase;
  /** Every channel definition whose messages may sit in this outbox; needed to rebuild them. */
  channels: readonly AnyChannelDefinition[];
  /**
   * The PostgreSQL schema the outbox owns (its table, function and migrations table).
   * @default 'switchboard'
   */
  schema?: string;
  /**
   * A relay that has not renewed its lease for this long is considered gone, and the messages it
   * claimed are sent by another (with the same ids). Keep it well above the longest stall you expect.
   * @default 30000
   */
  leaseMs?: number;
  /**
   * How often a relay looks for committed messages without being woken by NOTIFY (the fallback when
   * notifications are lost or no listener is configured).
   * @default 2000
   */
  pollIntervalMs?: number;
  /**
   * Most messages claimed in one pass.
   * @default 200
   */
  claimBatchSize?: number;
  /**
   * Sent rows are deleted once they are older than this (they are kept a while for inspection).
   * @default 86400000 (one day)
   */
  retainSentMs?: number;
  /**
   * Refuse, at record time, envelopes larger than this (set it to your provider's limit:
   * `(await publisher.describe()).limits.maxPayloadBytes`).
   * @default undefined (no check at record time; the provider refuses at send time)
   */
  maxPayloadBytes?: number;
  /**
   * Hears about rows that cannot be sent (unknown channel, unreadable record) and background
   * failures; such rows are set aside (`error` column), never retried, for an operator to inspect.
   * @default console.warn
   */
  onError?: (error: RealtimeError, key: string | undefined) => void;
}

/** Options of one {@link PostgresOutbox.publish}. */
export interface OutboxPublishOptions {
  /** Message id; give one to make a retried request idempotent (a second record of it is ignored). Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive this message ("to others"). */
  excludeConnectionId?: string | undefined;
  /** User id whose every connection must not receive this message (see the publisher's `excludeUserId`). */
  excludeUserId?: string | number | undefined;
}

/**
 * A transactional outbox on PostgreSQL. `publish(tx, …)` records a message in the app's own
 * transaction; give the outbox to a publisher (`createPublisher({ …, outbox })`) and start a relay
 * (`startRelay`) to send what committed, in order per channel, with the same id on every retry.
 */
export interface PostgresOutbox extends PublisherOutbox {
  /** This process's id on the rows it holds. */
  readonly owner: string;
  /** The LISTEN/NOTIFY channel the append function notifies on commit. */
  readonly notifyChannel: string;
  /** Whether the last claim filled a whole batch (more may be waiting). */
  readonly backlog: boolean;
  /** Applies the migrations not applied yet (idempotent; safe from several processes at once); answers the schema version. */
  migrate(): Promise<number>;
  /** The migrations as SQL, for a migration file of Prisma, Drizzle or any other tool. */
  migrationSql(): string;
  /**
   * Validates a message and records it through `database`, the app's transaction: it is sent if and
   * only if that transaction commits. A schema-invalid payload rejects with VALIDATION_FAILED
   * before anything is written.
   */
  publish<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    database: OutboxDatabase,
    channel: TRef,
    event: TEvent,
    data: EventInput<TRef, TEvent>,
    options?: OutboxPublishOptions,
  ): Promise<PublishResult>;
  /** Validates every message first, then records them all in one statement, in order. */
  publishMany(database: OutboxDatabase, entries: ReadonlyArray<BatchEntry>): Promise<PublishResult[]>;
  /** Messages committed and not yet sent (nor set aside). */
  pending(): Promise<number>;
  /**
   * The same count as {@link PostgresOutbox.pending}, as the publisher's health reads it (an
   * `outbox-backlog` reason above its threshold); an unreachable database rejects PROVIDER_UNAVAILABLE.
   */
  size(): Promise<number>;
  /** Deletes sent rows older than `retainSentMs` now; answers how many. Relays also do it every minute. */
  prune(): Promise<number>;
}
