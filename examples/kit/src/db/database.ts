/**
 * The examples' database: PostgreSQL, embedded (PGlite, in this process's memory) by default so
 * `pnpm demo` needs nothing but Node, or a real server when `DATABASE_URL` is set. Both answer the
 * same small interface — parameterized queries and transactions — so an example's SQL runs
 * unchanged on either.
 */
import { openPglite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';

/** Something to run SQL on: the database itself, or one transaction of it. */
export interface Queryable {
  /** Runs one statement with `$1`, `$2`… parameters; resolves with its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
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
