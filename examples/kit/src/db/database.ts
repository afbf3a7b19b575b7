/**
 * The examples' database: PostgreSQL, embedded (PGlite, in this process's memory) by default so
 * `pnpm demo` needs nothing but Node, or a real server when `DATABASE_URL` is set. Both answer the
 * same small interface — parameterized queries and transactions — so an example's SQL runs
 * unchanged on either.
 */
import type { OutboxDatabase, OutboxListener } from '@switchboard/postgres-outbox';
import { openPglite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';

/** Something to run SQL on: the database itself, or one transaction of it. */
export interface Queryable {
  /** Runs one statement with `$1`, `$2`… parameters; resolves with its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * The driver's own handle underneath — PGlite or its transaction, a `pg` pool or the transaction's
   * client — for libraries that take a driver as is: the transactional outbox records through it, so
   * a message written on a transaction's `driver` commits or rolls back with that transaction.
   */
  readonly driver: OutboxDatabase;
}

/** One PostgreSQL database, embedded or on a server. */
export interface Database extends Queryable {
  /** `pglite` (embedded, in memory) or `postgres` (`DATABASE_URL`). */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the
   * error is rethrown). The place where a transactional outbox records messages.
   */
  transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN/NOTIFY for the outbox's relay: PGlite listens as it is; on a server, a `pg` connection of
   * its own (never a pooled one), reopened when it drops.
   */
  listener(): OutboxListener;
  close(): Promise<void>;
}

/** PGlite in memory, or the server at `DATABASE_URL` when it is set. */
export function openDatabase(env: Record<string, string | undefined>): Promise<Database> {
  const url = env.DATABASE_URL?.trim();
  return url ? openPostgres(url) : openPglite();
}

/** `value` as an ISO timestamp, whichever way the driver returned a `timestamptz`. */
export function isoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
