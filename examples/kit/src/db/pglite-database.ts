/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in this process's memory. Its
 * one connection runs one transaction at a time; PGlite queues the rest.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

export async function openPglite(): Promise<Database> {
  const pglite = await PGlite.create();
  const on = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await target.query<Row>(sql, [...params])).rows;
    },
    driver: target,
  });
  return {
    kind: 'pglite',
    ...on(pglite),
    transaction: (work) => pglite.transaction((transaction) => work(on(transaction))),
    // PGlite is its own listener: a notification sent at a commit reaches its listen() callbacks.
    listener: () => pglite,
    close: () => pglite.close(),
  };
}
