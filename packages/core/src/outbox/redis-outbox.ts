import type { Redis } from 'ioredis';
import type { AnyChannelDefinition } from '../channel.js';
import { RealtimeError } from '../errors.js';
import { fromOutboxRecord, type OutboxEntry, type PublisherOutbox, toOutboxRecord } from './outbox.js';

/** Options of {@link redisOutbox}. */
export interface RedisOutboxOptions {
  /**
   * Redis URL; ignored when `redis` is given.
   * @default process.env.REDIS_URL, else 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** An ioredis client the app owns (not closed by the outbox). */
  redis?: Redis;
  /**
   * The stream holding unsent messages; publishers sharing it recover each other's messages.
   * @default 'switchboard:outbox'
   */
  stream?: string;
  /** Every channel definition whose messages may sit in this outbox; needed to rebuild them. */
  channels: readonly AnyChannelDefinition[];
  /**
   * A publisher that has not renewed its lease for this long is considered gone, and its messages
   * are sent by another. Keep it well above the longest event-loop stall you expect.
   * @default 30000
   */
  leaseMs?: number;
  /**
   * How often the publisher looks for abandoned messages.
   * @default 5000
   */
  recoverIntervalMs?: number;
  /**
   * Most entries taken over in one pass.
   * @default 500
   */
  claimBatchSize?: number;
  /**
   * Hears about entries that cannot be sent (unknown channel, unreadable record); they stay in the
   * stream for an operator to inspect.
   * @default console.warn
   */
  onError?: (error: RealtimeError, key: string) => void;
}

/**
 * An outbox on a Redis stream. Each publisher holds a lease key it renews every third of `leaseMs`;
 * an entry whose publisher lost its lease is claimed with `SET NX` by exactly one other publisher,
 * which sends it with its original envelope id and deletes it.
 */
export interface RedisOutbox extends PublisherOutbox {
  /** This publisher's id in the stream. */
  readonly owner: string;
  /** Entries in the stream now, every publisher's. */
  size(): Promise<number>;
}

async function connect(options: RedisOutboxOptions): Promise<Redis> {
  if (options.redis) return options.redis;
  let module: typeof import('ioredis');
  try {
    module = await import('ioredis');
  } catch (cause) {
    throw new RealtimeError('CONFIG', 'The Redis outbox needs the `ioredis` package: npm install ioredis', { cause });
  }
  const RedisClient = module.Redis ?? (module as unknown as { default: typeof Redis }).default;
  const url = options.url ?? globalThis.process?.env?.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new RedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  client.on('error', () => {
    // Commands fail with the cause; ioredis reconnects on its own.
  });
  try {
    await client.connect();
  } catch (cause) {
    client.disconnect();
    throw new RealtimeError('PROVIDER_UNAVAILABLE', `The outbox cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}`, { cause });
  }
  return client;
}

const unavailable = (cause: unknown) =>
  RealtimeError.isInstance(cause)
    ? cause
    : new RealtimeError('PROVIDER_UNAVAILABLE', `Outbox: ${(cause as Error)?.message ?? cause}`, { cause });

/** A durable outbox on a Redis stream. Nothing connects until the publisher first uses it. */
export function redisOutbox(options: RedisOutboxOptions): RedisOutbox {
  if (!options || !Array.isArray(options.channels) || options.channels.length === 0) {
    throw new RealtimeError('CONFIG', 'redisOutbox: channels must list the channel definitions published through it');
  }
  const stream = options.stream ?? 'switchboard:outbox';
  const leaseMs = options.leaseMs ?? 30_000;
  const claimBatchSize = options.claimBatchSize ?? 500;
  const owner = `publisher-${globalThis.crypto.randomUUID()}`;
  const leaseKey = (id: string) => `${stream}:lease:${id}`;
  const claimKey = (key: string) => `${stream}:claim:${key}`;
  const reportError = options.onError ?? ((error, key) => console.warn(`[switchboard] outbox entry ${key}: ${error.message}`));
  let client: Promise<Redis> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const renewLease = (redis: Redis) => redis.set(leaseKey(owner), '1', 'PX', leaseMs);
  const redis = (): Promise<Redis> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This outbox is closed'));
    client ??= connect(options).then(async (connected) => {
      await renewLease(connected);
      heartbeat = setInterval(() => renewLease(connected).catch(() => {}), Math.max(50, Math.floor(leaseMs / 3)));
      (heartbeat as { unref?: () => void }).unref?.();
      return connected;
    });
    client.catch(() => {
      client = undefined;
    });
    return client;
  };

  /** Parses one stream entry; a record that cannot be rebuilt is reported and left in place. */
  const entryOf = (key: string, fields: string[]): OutboxEntry | undefined => {
    const record = fields[fields.indexOf('record') + 1];
    try {
      return { key, message: fromOutboxRecord(record, options.channels) };
    } catch (error) {
      reportError(unavailable(error), key);
      return undefined;
    }
  };

  return {
    owner,
    recoverIntervalMs: options.recoverIntervalMs ?? 5000,

    async record(messages) {
      if (messages.length === 0) return [];
      const connected = await redis();
      const pipeline = connected.pipeline();
      for (const message of messages) pipeline.xadd(stream, '*', 'owner', owner, 'record', JSON.stringify(toOutboxRecord(message)));
      const results = await pipeline.exec().catch((error: unknown) => {
        throw unavailable(error);
      });
      return (results ?? []).map(([error, key]) => {
        if (error) throw unavailable(error);
        return String(key);
      });
    },

    async remove(keys) {
      if (keys.length === 0) return;
      const connected = await redis();
      await connected
        .multi()
        .xdel(stream, ...keys)
        .del(...keys.map(claimKey))
        .exec()
        .catch((error: unknown) => {
          throw unavailable(error);
        });
    },

    async claimAbandoned() {
      const connected = await redis();
      const claimed: OutboxEntry[] = [];
      const alive = new Map<string, boolean>([[owner, true]]);
      let start = '-';
      while (claimed.length < claimBatchSize) {
        const page = await connected.xrange(stream, start, '+', 'COUNT', 200);
        if (page.length === 0) break;
        const owners = [...new Set(page.map(([, fields]) => fields[fields.indexOf('owner') + 1] ?? ''))].filter((id) => !alive.has(id));
        if (owners.length > 0) {
          const exists = await Promise.all(owners.map((id) => connected.exists(leaseKey(id))));
          for (const [index, id] of owners.entries()) alive.set(id, exists[index] === 1);
        }
        for (const [key, fields] of page) {
          if (claimed.length >= claimBatchSize) break;
          if (alive.get(fields[fields.indexOf('owner') + 1] ?? '')) continue;
          // One claimer per entry; the claim lapses with the lease if the claimer dies mid-send.
          if ((await connected.set(claimKey(key), owner, 'PX', leaseMs, 'NX')) !== 'OK') continue;
          const entry = entryOf(key, fields);
          if (entry) claimed.push(entry);
        }
        start = `(${page[page.length - 1]?.[0]}`;
      }
      return claimed;
    },

    async size() {
      return (await redis()).xlen(stream);
    },

    async close() {
      if (closed) return;
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      const pending = client;
      if (!pending) return;
      const connected = await pending.catch(() => undefined);
      if (!connected) return;
      // A clean shutdown hands this publisher's unsent entries over at once instead of after the lease.
      await connected.del(leaseKey(owner)).catch(() => {});
      if (!options.redis) await connected.quit().catch(() => connected.disconnect());
    },
  };
}
