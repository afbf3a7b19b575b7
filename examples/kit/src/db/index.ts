/** The examples' data layer: one PostgreSQL database (PGlite or `DATABASE_URL`), migrations per example, and write + publish through the transactional outbox. */
export { type Database, isoTime, openDatabase, type Queryable } from './database.js';
export { type Migration, migrate } from './migrations.js';
export { createWriteAndPublish, type QueuedMessages, type WriteAndPublish } from './write-and-publish.js';
