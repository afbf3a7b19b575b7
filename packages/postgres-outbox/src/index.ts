/**
 * @switchboard/postgres-outbox — a transactional outbox on PostgreSQL. Record messages in your own
 * transaction with `outbox.publish(tx, channel, event, data)` (validated then, so a bad payload
 * aborts before commit); a message exists if and only if the transaction commits. A relay
 * (`startRelay` with a publisher built with `{ outbox }`) sends committed messages in order per
 * channel, woken by LISTEN/NOTIFY with polling as the fallback, claiming rows with
 * `FOR UPDATE SKIP LOCKED` so several relays can run, with the same message id on every retry.
 * Works with `pg`, postgres.js, PGlite, and (through a one-line adapter) Prisma and Drizzle.
 *
 * @module @switchboard/postgres-outbox
 */
export type { OutboxDatabase, OutboxListener, StopListening } from './database.js';
export type { OutboxPublishOptions, PostgresOutbox, PostgresOutboxOptions } from './outbox-options.js';
export { type PgListenClient, type PgListenerOptions, pgListener } from './pg-listener.js';
export { type PostgresJsListenSql, type PostgresJsSql, postgresJsDatabase, postgresJsListener } from './postgres-js.js';
export { postgresOutbox } from './postgres-outbox.js';
export { type OutboxRelay, type RelayOptions, startRelay } from './relay.js';
