/**
 * Scale-out through Redis with `@socket.io/redis-streams-adapter`: hubs share one Redis stream, so
 * a broadcast from any hub reaches every hub's clients and connection-state recovery works on
 * whichever hub a client reconnects to (sessions and missed packets are read back from Redis).
 * Workers publish with `@socket.io/redis-emitter`, whose pub/sub format the streams adapter does not
 * read; the relay here takes those messages and re-broadcasts each one exactly once through the
 * stream (a Redis `SET NX` claim decides which hub does it), so they are recoverable too.
 * Each hub delivers in stream order, its own broadcasts included (stream-order-delivery.ts).
 *
 * A publish counts only once its entry is in the stream (`confirmed`): when Redis refuses the write
 * the publisher gets a retriable PROVIDER_UNAVAILABLE and no hub delivers it, this one included.
 * A hub whose stream reader may have missed entries (Redis restarted without durable persistence,
 * or trimmed the stream past the reader) says so: `onStreamLoss` listeners drop its clients without
 * recovery, so each reports a gap (stream-loss-check.ts).
 */
import { type Envelope, parseEnvelopeWithTrace, RealtimeError } from '@switchboard/core';
import { loadPeer } from '@switchboard/core/adapter';
import type { Redis } from 'ioredis';
import { PROVIDER, WIRE } from '../constants.js';
import type { HubRedisOptions } from './hub-options.js';
import { watchStreamReader } from './stream-loss-check.js';
import { deliverInStreamOrder, type StreamOrderDelivery } from './stream-order-delivery.js';

export interface RelayedMessage {
  channel: string;
  envelope: Envelope;
  except: string[];
}

export interface RedisScaleOut {
  // biome-ignore lint/suspicious/noExplicitAny: the adapter factory type belongs to socket.io-adapter
  adapter: any;
  redis: Redis;
  /**
   * The last stream entry this hub handed to its clients in a namespace; `null` when the adapter
   * could not be made to deliver in stream order (then nothing can be said).
   */
  deliveredThrough(namespace: string): string | undefined | null;
  /**
   * Runs `emit` (broadcasts in `namespace`) and resolves once their entries are in the shared
   * stream; rejects with a retriable PROVIDER_UNAVAILABLE, having delivered nothing, when Redis
   * refused or did not answer in time.
   */
  confirmed(namespace: string, emit: () => void): Promise<void>;
  /** Called when this hub's stream reader may have missed entries; the hub's clients must hear of a gap. */
  onStreamLoss(listener: (reason: string) => void): void;
  /**
   * Resolves once the adapter's own Redis clients are connected and subscribed, so the hub hears
   * every hub of the cluster. Until then a presence query counts only the hubs already subscribed
   * (this one missing, it waits for nobody) and a stream entry added meanwhile never reaches its
   * clients, because the stream reader starts at the newest entry.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

const RELAY_CLAIM_MS = 60_000;
/** A stream write Redis has not confirmed within this long is reported as failed (the publisher retries). */
const WRITE_TIMEOUT_MS = 5000;
/** How long the hub keeps trying to put a claimed worker message into the stream. */
const RELAY_RETRY_MS = 30_000;
/** The streams adapter's default read batch (`readCount`): a full batch means the reader is behind. */
const READ_COUNT = 100;

export async function startRedisScaleOut(
  options: Required<HubRedisOptions>,
  relay: (message: RelayedMessage) => void,
): Promise<RedisScaleOut> {
  const [{ Redis }, { createAdapter }] = await Promise.all([
    loadPeer('ioredis', () => import('ioredis'), 'Socket.IO hub scale-out', PROVIDER),
    loadPeer('@socket.io/redis-streams-adapter', () => import('@socket.io/redis-streams-adapter'), 'Socket.IO hub scale-out', PROVIDER),
  ]);
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const duplicates = new Set<Redis>();
  const lossListeners = new Set<(reason: string) => void>();
  // The adapter duplicates this client for its stream readers; keep them to close them promptly
  // (a reader blocked in XREAD would otherwise hold the process for seconds), and watch their reads.
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = ((...args: Parameters<Redis['duplicate']>) => {
    const copy = duplicate(...args);
    duplicates.add(copy);
    watchStreamReader(copy, {
      streamName: options.streamName,
      readCount: READ_COUNT,
      onLoss: (reason) => {
        for (const listener of lossListeners) listener(reason);
      },
    });
    return copy;
  }) as Redis['duplicate'];
  redis.on('error', () => {
    // Reported through health(); ioredis reconnects on its own.
  });
  // The adapter drops the promises of some writes (a session saved at disconnect, requests to the
  // other hubs); while Redis is down they would reject unhandled. Callers that await still see it.
  for (const method of ['set', 'publish'] as const) {
    const original = redis[method].bind(redis) as (...args: unknown[]) => Promise<unknown>;
    (redis as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const result = original(...args);
      result.catch(() => {});
      return result;
    };
  }
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new RealtimeError('PROVIDER_UNAVAILABLE', `The hub cannot reach Redis at ${options.url.replace(/\/\/[^@]*@/, '//***@')}`, {
      provider: PROVIDER,
      cause,
    });
  }

  const subscriber = duplicate();
  subscriber.on('error', () => {});
  subscriber.on('pmessage', (_pattern: string, _channel: string, raw: string) => {
    void relayOne(raw);
  });

  async function relayOne(raw: string): Promise<void> {
    let message: RelayedMessage;
    try {
      // The emitter's frame: [uid, { data: [event, ...args] }, { rooms, except }]
      const [, packet, target] = JSON.parse(raw) as [string, { data?: unknown[] }, { except?: unknown[] }];
      const [event, channel, envelope] = packet.data ?? [];
      if (event !== WIRE.message || typeof channel !== 'string') return;
      message = {
        channel,
        envelope: parseEnvelopeWithTrace(envelope, PROVIDER),
        except: (target.except ?? []).filter((room): room is string => typeof room === 'string'),
      };
    } catch {
      return;
    }
    const claim = await redis
      .set(`switchboard:relay:${message.channel}:${message.envelope.id}`, '1', 'PX', RELAY_CLAIM_MS, 'NX')
      .catch(() => null);
    if (claim !== 'OK') return;
    // The worker's PUBLISH succeeded, so it counts the message as sent: keep trying to put it in the stream.
    const deadline = Date.now() + RELAY_RETRY_MS;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await confirmed('/', () => relay(message));
      } catch (error) {
        if (Date.now() > deadline) {
          console.error(`[switchboard] socket-io hub: a worker's message ${message.envelope.id} could not be written to Redis`, error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  }

  await subscriber.psubscribe(`${options.relayKey}#/#*`);
  // The stream name also prefixes the adapter's pub/sub channels, so separate clusters sharing one
  // Redis never count or answer each other (presence queries wait for every hub of the cluster).
  const createNamespaceAdapter = createAdapter(redis, {
    streamName: options.streamName,
    channelPrefix: options.streamName,
    maxLen: options.streamMaxLength,
  });
  const ordered = new Map<string, StreamOrderDelivery | undefined>();

  async function confirmed(namespace: string, emit: () => void): Promise<void> {
    const delivery = ordered.get(namespace);
    // An adapter this hub could not patch writes on its own; nothing more can be known.
    if (!delivery) return emit();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not confirm the write within ${WRITE_TIMEOUT_MS} ms`)), WRITE_TIMEOUT_MS);
    });
    try {
      await Promise.race([delivery.confirmed(emit), timedOut]);
    } catch (cause) {
      throw new RealtimeError('PROVIDER_UNAVAILABLE', 'The hub could not write the message to Redis; it was not delivered, retry it', {
        provider: PROVIDER,
        retriable: true,
        cause,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    // socket.io calls the factory with `new`, so it must be a function, not an arrow.
    adapter: function createStreamOrderAdapter(namespace: { name: string }) {
      const adapter = createNamespaceAdapter(namespace as never);
      ordered.set(namespace.name, deliverInStreamOrder(adapter));
      return adapter;
    },
    redis,
    confirmed,
    onStreamLoss: (listener) => {
      lossListeners.add(listener);
    },
    deliveredThrough: (namespace) => {
      const delivery = ordered.get(namespace);
      return delivery ? delivery.deliveredThrough() : null;
    },
    async ready() {
      // The streams adapter makes one pub/sub client (for requests and replies between hubs) and
      // stream readers; a reader sends its first XREAD as soon as it is connected.
      const deadline = Date.now() + READY_TIMEOUT_MS;
      const settled = () =>
        duplicates.size > 0 &&
        [...duplicates].every((copy) => copy.status === 'ready') &&
        [...duplicates].some((copy) => copy.mode === 'subscriber');
      while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      // One more turn of the event loop lets the readers' first XREAD go out.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      await subscriber.quit().catch(() => subscriber.disconnect());
      for (const copy of duplicates) copy.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
