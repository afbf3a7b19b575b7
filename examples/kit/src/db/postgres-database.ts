/** The database on a PostgreSQL server (`DATABASE_URL`), through a `pg` pool. */
import { pgListener } from '@switchboard/postgres-outbox';
import pg from 'pg';
import type { Database } from './database.js';

export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 5 });
  // An idle pooled connection the server ends (a restart, an administrator's terminate, a dropped
  // database) is an 'error' on the pool; unheard, it would crash the process. The pool replaces it.
  pool.on('error', (error) => console.warn(`[examples] PostgreSQL dropped an idle connection: ${error.message}`));
  // Fail at startup, with the server's own message, rather than on the first request.
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, [...params])).rows as Row[];
    },
    driver: pool,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as Row[],
          driver: client,
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listener: () =>
      pgListener(async () => {
        const client = new pg.Client({ connectionString });
        await client.connect();
        return client;
      }),
    close: () => pool.end(),
  };
}
