/**
 * Schema migrations per example: each example owns a PostgreSQL schema named after it and a list
 * of numbered migrations; the ones not yet applied run in order, each in its own transaction,
 * recorded in `public.example_migrations`. An advisory lock makes concurrent starts (several demo
 * processes on one server) apply each migration once.
 */
import type { Database } from './database.js';

/** One step of an example's schema. Never edit an applied one: add the next. */
export interface Migration {
  /** 1, 2, 3… in order. */
  version: number;
  /** What it does, for people reading `example_migrations`. */
  name: string;
  /** One or more statements; `;` separated. */
  sql: string;
}

const LEDGER = `create table if not exists public.example_migrations (
  example text not null,
  version integer not null,
  name text not null,
  applied_at timestamptz not null default now(),
  primary key (example, version)
)`;

/** Applies `migrations` of `example` that are not applied yet; returns the versions it applied. */
export async function migrate(database: Database, example: string, migrations: readonly Migration[]): Promise<number[]> {
  const versions = migrations.map((migration) => migration.version);
  if (versions.some((version, index) => version !== index + 1)) {
    throw new Error(`Migrations of ${example} must be numbered 1, 2, 3… in order (got ${versions.join(', ')})`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await database.transaction(async (transaction) => {
      await transaction.query("select pg_advisory_xact_lock(hashtext('example_migrations'))");
      await transaction.query(LEDGER);
      const found = await transaction.query('select 1 from public.example_migrations where example = $1 and version = $2', [
        example,
        migration.version,
      ]);
      if (found.length > 0) return false;
      for (const statement of migration.sql
        .split(/;\s*(?:\n|$)/)
        .map((part) => part.trim())
        .filter(Boolean)) {
        await transaction.query(statement);
      }
      await transaction.query('insert into public.example_migrations (example, version, name) values ($1, $2, $3)', [
        example,
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
