/**
 * The examples' history store: every message a backend publishes is numbered per channel and kept,
 * so pages load a channel's recent past on open and catch up after a reconnect on every provider
 * (Pusher included). In memory by default (`pnpm demo` needs nothing but Node); in Redis when
 * `REDIS_URL` is set, which is also what lets a worker process number its messages in the same
 * sequence (a memory store lives in one process, so a worker then publishes unnumbered and pages
 * fall back to refetching on a gap).
 */
import { randomBytes } from 'node:crypto';
import { type HistoryStore, memoryHistory, redisHistory } from '@switchboard/core/history';

/** The store of this process and the variables a worker needs to share it. */
export interface ExampleHistory {
  store: HistoryStore;
  /** `REDIS_URL` and `SWITCHBOARD_HISTORY_PREFIX` for a Redis store; empty for memory. */
  env: Record<string, string>;
  /** For people: "memory" or "Redis (prefix …)". */
  label: string;
}

/** The variable naming the Redis key prefix a worker shares with its server. */
export const HISTORY_PREFIX_VARIABLE = 'SWITCHBOARD_HISTORY_PREFIX';

/** Memory, or Redis when `REDIS_URL` is set (a prefix of its own per start unless one is given). */
export function createExampleHistory(env: Record<string, string | undefined>): ExampleHistory {
  const url = env.REDIS_URL?.trim();
  if (!url) return { store: memoryHistory(), env: {}, label: 'memory' };
  const prefix = env[HISTORY_PREFIX_VARIABLE]?.trim() || `switchboard-examples:${randomBytes(6).toString('hex')}`;
  return {
    store: redisHistory({ url, prefix }),
    env: { REDIS_URL: url, [HISTORY_PREFIX_VARIABLE]: prefix },
    label: `Redis (${prefix})`,
  };
}

/**
 * For a worker process: the server's Redis store from `publisherEnv`, or `undefined` when the
 * server keeps history in memory (the worker then publishes unnumbered messages).
 */
export function historyFromEnv(env: Record<string, string | undefined>): HistoryStore | undefined {
  const url = env.REDIS_URL?.trim();
  const prefix = env[HISTORY_PREFIX_VARIABLE]?.trim();
  return url && prefix ? redisHistory({ url, prefix }) : undefined;
}
