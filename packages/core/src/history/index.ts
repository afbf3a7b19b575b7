/**
 * @switchboard/core/history — a channel's recent messages, numbered. Pass `redisHistory()` (shared
 * by every publisher on the Redis; needs `ioredis`) or `memoryHistory()` (one process) as
 * `createPublisher({ ..., history })`: every message is appended before it is sent and carries its
 * per-channel, gap-free number as `historySeq`; `publisher.history(channel, query)` reads it back
 * in typed pages. Retention is declared on the channel: `defineChannel(t, { ..., history })`.
 *
 * @module @switchboard/core/history
 */
export {
  DEFAULT_HISTORY_LIMIT,
  type HistoryMessage,
  type HistoryPage,
  type HistoryQuery,
  MAX_HISTORY_LIMIT,
  resolveHistoryQuery,
} from './history-query.js';
export type { HistoryAppend, HistoryDirection, HistoryRange, HistoryStore, StoredHistory } from './history-store.js';
export { type MemoryHistoryOptions, memoryHistory } from './memory-history.js';
export { type RedisHistory, type RedisHistoryKeys, type RedisHistoryOptions, redisHistory } from './redis-history.js';
export { DEFAULT_RETENTION, type HistoryRetention, MAX_RETAINED_MESSAGES, type ResolvedRetention } from './retention.js';
