// The outbox, shared by the routes that record messages and by the relay that sends them.
import { postgresOutbox } from '@switchboard/postgres-outbox';
import { progress } from '@switchboard/schemas/progress';
import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export const outbox = postgresOutbox({
  database: pool, // the relay claims and marks rows through it
  channels: [progress], // every channel whose messages it may hold
});

// Once per deploy (idempotent; safe from several processes at once), or paste
// outbox.migrationSql() into a migration of your own tool.
await outbox.migrate();
