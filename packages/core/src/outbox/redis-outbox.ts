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
   * The outbox is only as durable as its Redis: at start it checks that Redis writes an append-only
   * file (`CONFIG GET appendonly`, else `INFO persistence`) and refuses with CONFIG when it does not,
   * or when it cannot tell. Set `true` to accept a Redis that keeps its data in memory only (a crash
   * or restart of that Redis then loses every message waiting in the outbox).
   * @default false
   */
  allowVolatileRedis?: boolean;
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
 * which sends it with its original envelope id and deletes it. Recording is idempotent per message
 * id (a hash maps ids to entries), so a record whose answer was lost can be retried or undone.
 */
export interface RedisOutbox extends PublisherOutbox {
  /** This publisher's id in the stream. */
  readonly owner: string;
  /** Entries in the stream now, every publisher's. */
  size(): Promise<number>;
}

async function connect(options: RedisOutboxOptions): Promise<Redis> {
  if (options.redis) {
    if (!options.allowVolatileRedis) await checkPersistence(options.redis, 'the given client');
    return options.redis;
  }
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
    throw new RealtimeError('PROVIDER_UNAVAILABLE', `The outbox cannot reach Redis at ${redacted(url)}`, { cause });
  }
  if (!options.allowVolatileRedis) {
    try {
      await checkPersistence(client, redacted(url));
    } catch (error) {
      client.disconnect();
      throw error;
    }
  }
  return client;
}

const redacted = (url: string) => url.replace(/\/\/[^@]*@/, '//***@');

/** Refuses a Redis that does not write an append-only file, unless `allowVolatileRedis`. */
async function checkPersistence(client: Redis, where: string): Promise<void> {
  let appendonly: string | undefined;
  let appendfsync: string | undefined;
  try {
    const answer = (await client.config('GET', 'appendonly')) as unknown as string[];
    appendonly = answer[answer.indexOf('appendonly') + 1];
    const fsync = (await client.config('GET', 'appendfsync')) as unknown as string[];
    appendfsync = fsync[fsync.indexOf('appendfsync') + 1];
  } catch (error) {
    // Managed Redis often refuses CONFIG (a reply error); INFO says as much. Anything else is an outage.
    if ((error as Error)?.name !== 'ReplyError') throw unavailable(error);
    const info = await client.info('persistence').catch((failure: unknown) => {
      if ((failure as Error)?.name !== 'ReplyError') throw unavailable(failure);
      return '';
    });
    const enabled = /^aof_enabled:(\d)/m.exec(info)?.[1];
    appendonly = enabled === undefined ? undefined : enabled === '1' ? 'yes' : 'no';
  }
  if (appendonly === 'yes') return;
  const fix =
    'Turn on its append-only file (appendonly yes; appendfsync always loses nothing, everysec up to a second), or pass allowVolatileRedis: true to accept the loss.';
  throw new RealtimeError(
    'CONFIG',
    appendonly === 'no'
      ? `The outbox's Redis at ${where} keeps its data in memory only (appendonly no): a crash or restart of that Redis would lose every message waiting in the outbox. ${fix}`
      : `The outbox cannot tell whether its Redis at ${where} persists its data (CONFIG GET and INFO persistence were refused). ${fix}`,
    { details: { appendonly: appendonly ?? 'unknown', appendfsync } },
  );
}

/**
 * Records messages once per message id: an id already in the outbox answers with its entry's key.
 * KEYS: stream, id hash. ARGV: owner, then id and record per message.
 */
const RECORD_SCRIPT = `
local keys = {}
for index = 2, #ARGV, 2 do
  local id = ARGV[index]
  local key = redis.call('HGET', KEYS[2], id)
  if not key or #redis.call('XRANGE', KEYS[1], key, key) == 0 then
    key = redis.call('XADD', KEYS[1], '*', 'owner', ARGV[1], 'id', id, 'record', ARGV[index + 1])
    redis.call('HSET', KEYS[2], id, key)
  end
  keys[#keys + 1] = key
end
return keys`;

/** Deletes entries by message id. KEYS: stream, id hash. ARGV: the claim-key prefix, then ids. */
const DISCARD_SCRIPT = `
for index = 2, #ARGV do
  local key = redis.call('HGET', KEYS[2], ARGV[index])
  if key then
    redis.call('XDEL', KEYS[1], key)
    redis.call('DEL', ARGV[1] .. key)
  end
  redis.call('HDEL', KEYS[2], ARGV[index])
end
return 1`;

type RecordCommand = (stream: string, ids: string, ...args: string[]) => Promise<string[]>;

/** The record script as a client command: ioredis sends its SHA (EVALSHA) and the body only once. */
function recordCommand(client: Redis): RecordCommand {
  const commands = client as unknown as { switchboardOutboxRecord?: RecordCommand };
  if (!commands.switchboardOutboxRecord) client.defineCommand('switchboardOutboxRecord', { numberOfKeys: 2, lua: RECORD_SCRIPT });
  return (commands.switchboardOutboxRecord as RecordCommand).bind(client);
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

  const idsKey = `${stream}:ids`;
  /** Message id of each entry this publisher recorded or claimed, to drop it from the id hash. */
  const idOfKey = new Map<string, string>();
  /** Entries sent whose delete failed: deleted as soon as Redis answers, never sent again from here. */
  const sentKeys = new Set<string>();
  /** Ids whose record may have been stored though `record` failed: deleted as soon as Redis answers. */
  const discardedIds = new Set<string>();
  let settleTimer: ReturnType<typeof setTimeout> | undefined;

  const deleteEntries = (connected: Redis, keys: readonly string[]) => {
    const ids = keys.map((key) => idOfKey.get(key)).filter((id): id is string => id !== undefined);
    const transaction = connected
      .multi()
      .xdel(stream, ...keys)
      .del(...keys.map(claimKey));
    if (ids.length > 0) transaction.hdel(idsKey, ...ids);
    return transaction.exec().then((results) => {
      const failed = results?.find(([error]) => error)?.[0];
      if (failed || !results) throw unavailable(failed ?? new Error('transaction aborted'));
      for (const key of keys) idOfKey.delete(key);
    });
  };

  /**
   * Settles what this publisher owes Redis: deletes sent entries and discarded records. Runs before
   * every lease renewal, so once Redis answers again these entries are gone before this publisher's
   * lease is renewed; while it owes anything it retries every 500 ms.
   */
  const settle = async (connected: Redis): Promise<void> => {
    const keys = [...sentKeys];
    const ids = [...discardedIds];
    if (keys.length > 0) {
      await deleteEntries(connected, keys);
      for (const key of keys) sentKeys.delete(key);
    }
    if (ids.length > 0) {
      await connected.eval(DISCARD_SCRIPT, 2, stream, idsKey, claimKey(''), ...ids);
      for (const id of ids) discardedIds.delete(id);
    }
  };
  const owed = () => sentKeys.size + discardedIds.size > 0;
  const scheduleSettle = () => {
    if (settleTimer || closed || !owed()) return;
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      void redis()
        .then((connected) => settle(connected))
        .catch(() => {})
        .finally(scheduleSettle);
    }, 500);
    (settleTimer as { unref?: () => void }).unref?.();
  };

  const renewLease = async (redis: Redis) => {
    if (owed()) await settle(redis).catch(() => {});
    await redis.set(leaseKey(owner), '1', 'PX', leaseMs);
  };
  const redis = (): Promise<Redis> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This outbox is closed'));
    client ??= connect(options).then(async (connected) => {
      await renewLease(connected);
      heartbeat = setInterval(() => renewLease(connected).catch(() => {}), Math.max(50, Math.floor(leaseMs / 3)));
      (heartbeat as { unref?: () => void }).unref?.();
      // Back from an outage: settle first, then renew the lease, before any other publisher's next pass.
      connected.on('ready', () => void renewLease(connected).catch(() => {}));
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
      const entry = { key, message: fromOutboxRecord(record, options.channels) };
      idOfKey.set(key, entry.message.envelope.id);
      return entry;
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
      const args: string[] = [owner];
      for (const message of messages) args.push(message.envelope.id, JSON.stringify(toOutboxRecord(message)));
      const keys = await recordCommand(connected)(stream, idsKey, ...args).catch((error: unknown) => {
        throw unavailable(error);
      });
      for (const [index, message] of messages.entries()) {
        const key = String(keys[index]);
        idOfKey.set(key, message.envelope.id);
        discardedIds.delete(message.envelope.id);
      }
      return keys.map(String);
    },

    async remove(keys) {
      if (keys.length === 0) return;
      try {
        await deleteEntries(await redis(), keys);
      } catch (error) {
        if (RealtimeError.isInstance(error, 'CLOSED')) throw error;
        // The provider has these messages: they must never be sent again, so the outbox owes their
        // deletion and settles it as soon as Redis answers (before renewing its lease).
        for (const key of keys) sentKeys.add(key);
        scheduleSettle();
      }
    },

    async discard(messages) {
      const ids = messages.map((message) => message.envelope.id);
      if (ids.length === 0) return;
      for (const id of ids) discardedIds.add(id);
      try {
        await settle(await redis());
      } catch {
        scheduleSettle();
      }
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
          // Sent, or discarded, by this publisher: its deletion is owed, never a second send.
          if (sentKeys.has(key) || discardedIds.has(fields[fields.indexOf('id') + 1] ?? '')) continue;
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
      const pending = client;
      const connected = pending ? await pending.catch(() => undefined) : undefined;
      // Settle what is owed first: a clean close must not leave a sent entry for the next publisher.
      if (connected && owed()) await settle(connected).catch(() => {});
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      if (settleTimer) clearTimeout(settleTimer);
      if (!connected) return;
      // A clean shutdown hands this publisher's unsent entries over at once instead of after the
      // lease, unless it still owes deletions: then the lease lapses on its own.
      if (!owed()) await connected.del(leaseKey(owner)).catch(() => {});
      if (!options.redis) await connected.quit().catch(() => connected.disconnect());
    },
  };
}
