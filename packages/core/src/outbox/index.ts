/**
 * @switchboard/core/outbox — durable publishing on a Redis stream. Pass `redisOutbox({ channels })`
 * as `createPublisher({ ..., outbox })`: every message is recorded before its first attempt and
 * removed once the provider accepted it; messages a crashed publisher left are sent by the next one
 * with their original ids, so subscribers de-duplicate any that did get through. A rejected publish
 * is never sent (unless its error says `details.outbox: 'kept'`), a sent one never twice. Needs
 * `ioredis` and a Redis that writes an append-only file (checked at start; `allowVolatileRedis`).
 *
 * @module @switchboard/core/outbox
 */
export { fromOutboxRecord, type OutboxEntry, type OutboxRecord, type PublisherOutbox, toOutboxRecord } from './outbox.js';
export { type RedisOutbox, type RedisOutboxOptions, redisOutbox } from './redis-outbox.js';
