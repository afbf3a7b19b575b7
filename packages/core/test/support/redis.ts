/** Redis for the history store tests: required in CI (CI=true), skipped with a reason elsewhere. */
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let check: Promise<boolean> | undefined;

/** Whether the Redis cases run: always with CI=true (a missing Redis fails them), else when Redis answers. */
export function redisAvailable(): Promise<boolean> {
  if (process.env.CI === 'true') return Promise.resolve(true);
  check ??= (async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      console.info(`[core tests] Redis is not reachable at ${REDIS_URL}: skipping the Redis cases (they run when CI=true)`);
      return false;
    } finally {
      client.disconnect();
    }
  })();
  return check;
}

/** A key prefix no other test uses. */
export const uniquePrefix = (label: string) =>
  `switchboard:test:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Deletes every key under `prefix` (SCAN, never FLUSHALL: the Redis is shared). */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
