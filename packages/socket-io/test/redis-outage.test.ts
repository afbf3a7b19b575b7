/**
 * Redis fails under several hubs. A publish is acknowledged only once its entry is in the shared
 * stream, so every hub delivers it; while Redis is down the publisher gets a retriable 503 and its
 * retries get the message through after the restore. Nothing reaches one hub's clients only.
 * Each test runs its own redis-server, which it kills: the shared Redis is never touched.
 */
import { type PublisherCoreOptions, RealtimeError, type RealtimeSubscriber } from '@switchboard/core';
import { quietPeriod, waitFor } from '@switchboard/testing';
import {
  DeliveryLedger,
  faultChannels,
  freshStream,
  type RedisServer,
  redisServerInstalled,
  startRedisServer,
} from '@switchboard/testing/faults';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { watchStreamReader } from '../src/hub/stream-loss-check.js';
import { type Hub, socketIoPublisher } from '../src/index.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

const installed = redisServerInstalled();
if (!installed && process.env.CI !== 'true') console.info('[socket-io tests] no redis-server binary: skipping the Redis outage tests');

const PATIENT: PublisherCoreOptions['retry'] = { attempts: 200, baseDelayMs: 50, maxDelayMs: 250, deadlineMs: 30_000 };

describe.skipIf(!installed && process.env.CI !== 'true')('Redis outage under several hubs', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  async function cluster(count: number, persistence: 'none' | 'aof-always' = 'none'): Promise<{ redis: RedisServer; hubs: Hub[] }> {
    const redis = await startRedisServer({ persistence });
    cleanups.push(() => redis.stop());
    const hubs: Hub[] = [];
    for (let index = 0; index < count; index += 1) {
      const hub = await startHub(faultChannels, { redis: { url: redis.url, streamName: 'outage' } });
      cleanups.push(() => hub.close());
      hubs.push(hub);
    }
    return { redis, hubs };
  }

  it('answers 503 while Redis is down and delivers nothing on the publishing hub alone', async () => {
    const { redis, hubs } = await cluster(2);
    const [hubA, hubB] = hubs as [Hub, Hub];
    const channel = freshStream('refused');
    const seen: Array<{ hub: string; n: number }> = [];
    for (const [label, hub] of [
      ['A', hubA],
      ['B', hubB],
    ] as const) {
      const subscriber = subscriberFor(hub.url, undefined);
      cleanups.push(() => subscriber.close());
      await subscriber.subscribe(channel, 'tick', (data) => seen.push({ hub: label, n: data.n })).ready;
    }
    await redis.kill();
    const http = socketIoPublisher({ url: hubA.url, secret: SECRET, retry: { attempts: 1 } });
    const inProcess = socketIoPublisher({ hub: hubA, retry: { attempts: 1 } });
    cleanups.push(() => http.close());
    const refusals = await Promise.all([
      http.publish(channel, 'tick', { n: 1 }).then(
        () => undefined,
        (error: unknown) => error,
      ),
      inProcess.publish(channel, 'tick', { n: 2 }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ]);
    for (const refusal of refusals) {
      expect(RealtimeError.isInstance(refusal) && refusal.code).toBe('PROVIDER_UNAVAILABLE');
      expect((refusal as RealtimeError).retriable).toBe(true);
    }
    await quietPeriod(300);
    expect(seen, 'nothing delivered behind a refusal').toEqual([]);
  }, 15_000);

  it('refuses a worker publish that no hub heard, and relays one that a hub heard to every hub', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const channel = freshStream('worker');
    const worker = socketIoPublisher({ redisUrl: redis.url, retry: { attempts: 1 } });
    cleanups.push(() => worker.close());
    await expect(worker.publish(channel, 'tick', { n: 1 })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retriable: true });
    const hubs = [];
    for (let index = 0; index < 2; index += 1) {
      const hub = await startHub(faultChannels, { redis: { url: redis.url, streamName: 'worker' } });
      cleanups.push(() => hub.close());
      hubs.push(hub);
    }
    const seen: number[] = [];
    for (const hub of hubs) {
      const subscriber = subscriberFor(hub.url, undefined);
      cleanups.push(() => subscriber.close());
      await subscriber.subscribe(channel, 'tick', (data) => seen.push(data.n)).ready;
    }
    await worker.publish(channel, 'tick', { n: 2 });
    await waitFor(() => seen.length === 2, 5000, 'the worker message on both hubs');
    await quietPeriod(200);
    expect(seen).toEqual([2, 2]);
  });

  it('tells a reader that the stream was trimmed past it, and nothing when it was not', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const writer = new Redis(redis.url);
    const reader = new Redis(redis.url);
    cleanups.push(async () => {
      writer.disconnect();
      reader.disconnect();
    });
    const losses: string[] = [];
    watchStreamReader(reader, { streamName: 'trim', readCount: 2, onLoss: (reason) => losses.push(reason) });
    const read = async (offset: string) => {
      const result = await reader.xread('COUNT', 2, 'BLOCK', 10, 'STREAMS', 'trim', offset);
      return result?.[0]?.[1].at(-1)?.[0] ?? offset;
    };
    for (let n = 0; n < 3; n += 1) await writer.xadd('trim', '*', 'n', String(n));
    // A full batch: the reader is behind, so its next read first checks that its entry is still there.
    const second = await read('0');
    const third = await read(second);
    expect(losses).toEqual([]);
    // Behind again, and the stream is trimmed past it before it reads on.
    for (let n = 3; n < 7; n += 1) await writer.xadd('trim', '*', 'n', String(n));
    const fifth = await read(third);
    await writer.xadd('trim', 'MAXLEN', '1', '*', 'n', 'late');
    await read(fifth);
    expect(losses).toEqual([expect.stringContaining('trimmed past entry')]);
  });

  it.each([
    ['without persistence', 'none'],
    ['with appendfsync always', 'aof-always'],
  ] as const)(
    'a Redis outage %s: every publish reaches every hub, or the subscriber is told of a gap',
    async (label, persistence) => {
      const { redis, hubs } = await cluster(2, persistence);
      const [hubA] = hubs as [Hub, Hub];
      const channel = freshStream('outage');
      const ledger = new DeliveryLedger();
      const subscribers: RealtimeSubscriber[] = [];
      for (const [index, hub] of hubs.entries()) {
        const subscriber = subscriberFor(hub.url, undefined);
        cleanups.push(() => subscriber.close());
        subscribers.push(subscriber);
        await ledger.observe(`subscriber on hub ${index}`, subscriber, channel);
      }
      cleanups.push(async () => ledger.stop());
      const http = socketIoPublisher({ url: hubA.url, secret: SECRET, retry: PATIENT });
      const inProcess = socketIoPublisher({ hub: hubA, retry: PATIENT });
      cleanups.push(() => http.close());

      // One publish every 40 ms, alternating HTTP and in-process; Redis is down from 0.6 s to 2.1 s.
      const flights: Array<Promise<void>> = [];
      const outage = (async () => {
        await quietPeriod(600);
        await redis.kill();
        await quietPeriod(1500);
        await redis.restart();
      })();
      for (let n = 0; n < 80; n += 1) {
        const handle = ledger.publishing(n);
        const publisher = n % 2 === 0 ? http : inProcess;
        flights.push(publisher.publish(channel, 'tick', { n }).then(() => handle.accepted(), handle.failed));
        await quietPeriod(40);
      }
      await outage;
      await Promise.all(flights);
      await waitFor(() => ledger.settled(), 15_000, 'every message delivered or covered by a gap').catch(() => {});
      await quietPeriod(300);
      const tally = ledger.tally();
      console.info(`[redis outage ${label}, 2 hubs]`, JSON.stringify(tally));
      expect(tally.publishFailed, 'publishes that gave up').toBe(0);
      expect(tally.sent).toBe(80);
      expect(tally.duplicates, 'copies handed to handlers twice').toBe(0);
      expect(tally.lostSample, 'messages neither delivered nor covered by a gap').toEqual([]);
      expect(tally.delivered + tally.coveredByGap).toBe(160);
      // A durable Redis loses nothing it acknowledged: no gap, every message delivered on both hubs.
      if (persistence === 'aof-always') expect(tally.delivered).toBe(160);
    },
    40_000,
  );
});
