/**
 * Test support: a fresh database per test file on the local PostgreSQL (127.0.0.1:5432, trust auth;
 * POSTGRES_URL overrides), created with a unique name and dropped afterwards. Tests that need it skip
 * only outside CI, and say so; in CI a missing server fails them.
 */
import { defineChannel } from '@switchboard/core/client';
import { objectSchema } from '@switchboard/testing/conformance';
import pg from 'pg';

export const ADMIN_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the server answers; in CI it must. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL}; CI must start it (.ci/run)`);
    console.warn(`[postgres-outbox tests] skipped: no PostgreSQL at ${ADMIN_URL} (they run in CI)`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL of `database` on the admin server. */
export function databaseUrl(database: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** Creates a database with a unique name and a pool on it. */
export async function createTestDatabase(label: string, base = ADMIN_URL): Promise<TestDatabase> {
  const name = `sb_outbox_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(name, base);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => {
    // Idle clients die with a restarted server; the pool replaces them.
  });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => {});
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await cleanup.end();
    },
  };
}

/** Runs `work` in a transaction on a client of `pool`; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A typed channel for the tests: orders of a user, numbered. */
export const orders = defineChannel('orders:user:{userId}', {
  access: 'public',
  events: { 'order:placed': objectSchema({ orderId: 'string', n: 'number' }) },
});

export const testChannels = [orders] as const;
