/**
 * The outbox's schema, as numbered migrations. Each is one `DO` block that takes a transaction-scoped
 * advisory lock, creates the migrations table if needed and applies itself only when its version is
 * not recorded: idempotent, safe when several processes migrate at once, and a single statement, so
 * it runs on any driver (and can be pasted into a Prisma or Drizzle migration file).
 */
import type { OutboxDatabase } from './database.js';
import { LOCK_CLASS, MIGRATION_LOCK_CLASS, type OutboxNames } from './identifiers.js';

/** One schema change; versions only ever grow, a released migration never changes. */
interface Migration {
  version: number;
  name: string;
  /** Statements run inside the migration's DO block. */
  up(names: OutboxNames): string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox table, indexes and append function',
    up: ({ schema, table, append, notifyChannel }) => `
    CREATE TABLE IF NOT EXISTS ${table} (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      channel text NOT NULL,
      record jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      owner text,
      lease_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      sent_at timestamptz,
      error text
    );
    CREATE INDEX IF NOT EXISTS outbox_pending ON ${table} (seq) WHERE sent_at IS NULL AND error IS NULL;
    CREATE INDEX IF NOT EXISTS outbox_pending_channel ON ${table} (channel, seq) WHERE sent_at IS NULL AND error IS NULL;
    CREATE INDEX IF NOT EXISTS outbox_sent ON ${table} (sent_at) WHERE sent_at IS NOT NULL;
    -- Messages of one channel are numbered in commit order: a writer holds its channels' lock
    -- (sorted, so one call never deadlocks) from here until its transaction ends.
    CREATE OR REPLACE FUNCTION ${append}(messages jsonb, owner_id text, lease_ms integer)
    RETURNS TABLE (message_id text, message_seq bigint)
    LANGUAGE plpgsql AS $append$
    #variable_conflict use_column
    DECLARE
      entry jsonb;
      locked text;
    BEGIN
      FOR locked IN SELECT DISTINCT value->>'channel' FROM jsonb_array_elements(messages) ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(locked));
      END LOOP;
      FOR entry IN SELECT value FROM jsonb_array_elements(messages) LOOP
        INSERT INTO ${table} (id, channel, record, owner, lease_until)
        VALUES (entry->>'id', entry->>'channel', entry->'record', owner_id,
          CASE WHEN owner_id IS NULL THEN NULL ELSE clock_timestamp() + lease_ms * interval '1 millisecond' END)
        ON CONFLICT (id) DO NOTHING;
        RETURN QUERY SELECT o.id, o.seq FROM ${table} o WHERE o.id = entry->>'id';
      END LOOP;
      PERFORM pg_notify('${notifyChannel}', '');
    END
    $append$;
    COMMENT ON TABLE ${table} IS 'Switchboard transactional outbox (@switchboard/postgres-outbox); see ${schema}.migrations';`,
  },
];

/** The newest schema version this code knows. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The SQL of every migration, one `DO` statement each, in order. */
export function migrationStatements(names: OutboxNames): string[] {
  return MIGRATIONS.map(
    (migration) => `DO $migration$
BEGIN
  PERFORM pg_advisory_xact_lock(${MIGRATION_LOCK_CLASS}, 0);
  CREATE SCHEMA IF NOT EXISTS ${names.schema};
  CREATE TABLE IF NOT EXISTS ${names.schema}.migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );
  IF NOT EXISTS (SELECT 1 FROM ${names.schema}.migrations WHERE version = ${migration.version}) THEN
    ${migration.up(names).trim()}
    INSERT INTO ${names.schema}.migrations (version, name) VALUES (${migration.version}, '${migration.name}');
  END IF;
END
$migration$;`,
  );
}

/** Applies the migrations not yet applied; answers the schema version now in place. */
export async function runMigrations(database: OutboxDatabase, names: OutboxNames): Promise<number> {
  for (const statement of migrationStatements(names)) await database.query(statement);
  const { rows } = await database.query(`SELECT max(version)::int AS version FROM ${names.schema}.migrations`);
  return Number(rows[0]?.version ?? 0);
}
