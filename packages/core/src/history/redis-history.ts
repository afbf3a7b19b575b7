import type { Redis } from 'ioredis';
import { type Envelope, parseEnvelopeWithTrace } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { HistoryAppend, HistoryStore, StoredHistory } from './history-store.js';
import { APPEND_SCRIPT, READ_SCRIPT } from './redis-history-scripts.js';
import { DEFAULT_RETENTION, type ResolvedRetention, resolveRetention, retentionOf } from './retention.js';

/** Options of {@link redisHistory}. */
export interface RedisHistoryOptions {
  /**
   * Redis URL; ignored when `redis` is given.
   * @default process.env.REDIS_URL, else 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** An ioredis client the app owns (not closed by the store). */
  redis?: Redis;
  /**
   * Prefix of every key; publishers sharing it share the channels' numbering and history.
   * @default 'switchboard:history'
   */
  prefix?: string;
  /**
   * Retention of channels whose definition declares none.
   * @default { maxMessages: 1000, maxAgeMs: 86_400_000 }
   */
  defaultRetention?: Partial<ResolvedRetention>;
  /**
   * Longest a publish waits for the append before sending the message unnumbered, in ms.
   * @default 500
   */
  appendTimeoutMs?: number;
  /** Hears about appends that failed or timed out, and about a Redis without persistence. @default console.warn */
  onError?: (error: RealtimeError) => void;
  /**
   * Accept a Redis that keeps its data in memory only. Otherwise the store reports once (CONFIG,
   * to `onError`) that a restart of that Redis would restart every channel's numbering; it keeps
   * working either way, and subscribers fall back to the provider's gaps after such a restart.
   * @default false
   */
  allowVolatileRedis?: boolean;
}

/** The Redis keys of one channel's history. */
export interface RedisHistoryKeys {
  /** The last number given (never expires). */
  seq: string;
  /** The stream of retained messages, entry id `<seq>-0`. */
  log: string;
  /** The sorted set of retained message ids, scored by number. */
  ids: string;
}

/** A history store on Redis streams, shared by every publisher that uses the same Redis and prefix. */
export interface RedisHistory extends HistoryStore {
  /** The keys of a channel's history (for operators and tests). */
  keys(channelName: string): RedisHistoryKeys;
}

type Scripted = Redis & {
  switchboardHistoryAppend(
    seq: string,
    log: string,
    ids: string,
    id: string,
    envelope: string,
    maxMessages: number,
    maxAgeMs: number,
  ): Promise<[number, number]>;
  switchboardHistoryRead(
    seq: string,
    log: string,
    ids: string,
    maxMessages: number,
    maxAgeMs: number,
    start: string,
    end: string,
    count: number,
    direction: string,
  ): Promise<[number, number, Array<[string, string[]]>]>;
};

const unavailable = (cause: unknown) =>
  RealtimeError.isInstance(cause)
    ? cause
    : new RealtimeError('PROVIDER_UNAVAILABLE', `History store: ${(cause as Error)?.message ?? cause}`, { cause });

async function connect(options: RedisHistoryOptions): Promise<Redis> {
  if (options.redis) return options.redis;
  let module: typeof import('ioredis');
  try {
    module = await import('ioredis');
  } catch (cause) {
    throw new RealtimeError('CONFIG', 'The Redis history store needs the `ioredis` package: npm install ioredis', { cause });
  }
  const RedisClient = module.Redis ?? (module as unknown as { default: typeof Redis }).default;
  const url = options.url ?? globalThis.process?.env?.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // No offline queue: while Redis is away an append fails at once and the message goes out unnumbered.
  const client = new RedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  client.on('error', () => {
    // Commands fail with the cause; ioredis reconnects on its own.
  });
  try {
    await client.connect();
  } catch (cause) {
    client.disconnect();
    throw new RealtimeError('PROVIDER_UNAVAILABLE', `The history store cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}`, {
      cause,
    });
  }
  return client;
}

/** Reports, once per store, a Redis that may lose the counters on restart. Never throws. */
async function checkPersistence(client: Redis, report: (error: RealtimeError) => void): Promise<void> {
  let appendonly: string | undefined;
  try {
    const answer = (await client.config('GET', 'appendonly')) as unknown as string[];
    appendonly = answer[answer.indexOf('appendonly') + 1];
  } catch {
    // Managed Redis often refuses CONFIG; INFO says as much.
    const info = await client.info('persistence').catch(() => '');
    const enabled = /^aof_enabled:(\d)/m.exec(info)?.[1];
    appendonly = enabled === undefined ? undefined : enabled === '1' ? 'yes' : 'no';
  }
  if (appendonly === 'yes') return;
  report(
    new RealtimeError(
      'CONFIG',
      `The history store's Redis ${appendonly === 'no' ? 'keeps its data in memory only (appendonly no)' : 'may not persist its data (CONFIG and INFO refused)'}: a restart would restart every channel's numbering, and subscribers would fall back to gaps. Turn on appendonly, or pass allowVolatileRedis: true.`,
      { details: { appendonly: appendonly ?? 'unknown' } },
    ),
  );
}

/** Stream id bounds of a range: exclusive `(seq-0` bounds, or an empty range when none fits. */
function streamBounds(since: number, before: number | undefined): [string, string] {
  if (before !== undefined && before <= since + 1) return ['-', '-'];
  return [`(${since}-0`, before === undefined ? '+' : `(${before}-0`];
}

/** A history store on Redis streams. Nothing connects until the first append or read. */
export function redisHistory(options: RedisHistoryOptions = {}): RedisHistory {
  const prefix = options.prefix ?? 'switchboard:history';
  const defaults = resolveRetention(options.defaultRetention, DEFAULT_RETENTION);
  const keys = (channelName: string): RedisHistoryKeys => {
    const base = `${prefix}:{${channelName}}`;
    return { seq: `${base}:seq`, log: `${base}:log`, ids: `${base}:ids` };
  };
  let client: Promise<Scripted> | undefined;
  let closed = false;
  let persistenceChecked = false;
  const report = options.onError ?? ((error: RealtimeError) => console.warn(`[switchboard] history: ${error.message}`));

  const redis = (): Promise<Scripted> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This history store is closed'));
    client ??= connect(options).then((connected) => {
      connected.defineCommand('switchboardHistoryAppend', { numberOfKeys: 3, lua: APPEND_SCRIPT });
      connected.defineCommand('switchboardHistoryRead', { numberOfKeys: 3, lua: READ_SCRIPT });
      if (!options.allowVolatileRedis && !persistenceChecked) {
        persistenceChecked = true;
        void checkPersistence(connected, report);
      }
      return connected as Scripted;
    });
    client.catch(() => {
      client = undefined;
    });
    return client;
  };

  return {
    appendTimeoutMs: options.appendTimeoutMs ?? 500,
    ...(options.onError ? { onError: options.onError } : {}),
    keys,

    async append(messages): Promise<HistoryAppend[]> {
      if (messages.length === 0) return [];
      const connected = await redis();
      const pipeline = connected.pipeline() as unknown as Scripted & { exec(): Promise<Array<[Error | null, unknown]> | null> };
      for (const { channel, envelope } of messages) {
        const { seq, log, ids } = keys(channel.name);
        const { maxMessages, maxAgeMs } = retentionOf(channel.definition, defaults);
        const { historySeq: _unnumbered, ...stored } = envelope;
        void pipeline.switchboardHistoryAppend(seq, log, ids, envelope.id, JSON.stringify(stored), maxMessages, maxAgeMs);
      }
      const results = await pipeline.exec().catch((error: unknown) => {
        throw unavailable(error);
      });
      return (results ?? []).map(([error, reply]) => {
        if (error) throw unavailable(error);
        const [seq, duplicate] = reply as [number, number];
        return { seq: Number(seq), duplicate: Number(duplicate) === 1 };
      });
    },

    async read(channel, range): Promise<StoredHistory> {
      const connected = await redis();
      const { seq, log, ids } = keys(channel.name);
      const { maxMessages, maxAgeMs } = retentionOf(channel.definition, defaults);
      const [start, end] = streamBounds(range.since, range.before);
      const [latest, earliest, entries] = await connected
        .switchboardHistoryRead(seq, log, ids, maxMessages, maxAgeMs, start, end, range.limit, range.direction)
        .catch((error: unknown) => {
          throw unavailable(error);
        });
      const envelopes = entries.map(([entryId, fields]): Envelope => {
        const envelope = parseEnvelopeWithTrace(fields[fields.indexOf('envelope') + 1]);
        return { ...envelope, historySeq: Number.parseInt(entryId, 10) };
      });
      return { envelopes, latestSeq: Number(latest), earliestSeq: Number(earliest) < 0 ? undefined : Number(earliest) };
    },

    async close() {
      if (closed) return;
      closed = true;
      const pending = client;
      if (!pending || options.redis) return;
      const connected = await pending.catch(() => undefined);
      if (connected) await connected.quit().catch(() => connected.disconnect());
    },
  };
}
