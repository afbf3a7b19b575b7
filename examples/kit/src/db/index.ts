/** The examples' data layer: one PostgreSQL database (PGlite or `DATABASE_URL`), migrations per example, and write + publish. */
export { type Database, isoTime, openDatabase, type Queryable } from './database.js';
export { type Migration, migrate } from './migrations.js';
export {
  createWriteAndPublish,
  PublishFailedError,
  publishFailedResponse,
  type QueuedMessages,
  type WriteAndPublish,
  type WriteAndPublishOptions,
} from './write-and-publish.js';
