/**
 * The outbox's own Redis failing: killed for a few seconds under a live publisher (the outage),
 * and crashed with messages waiting in it, with and without an append-only file (the crash).
 * Each runs on a redis-server of its own; the shared Redis is never touched.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber } from '@switchboard/core';
import { redisOutbox } from '@switchboard/core/outbox';
import { quietPeriod, waitFor } from '@switchboard/testing';
import {
  DeliveryLedger,
  type FaultReport,
  type FaultRig,
  faultChannels,
  faultStream,
  notApplicable,
  PATIENT_RETRY,
  publishSteadily,
  startRedisServer,
} from '@switchboard/testing/faults';
import type { NetworkRig } from '../rigs/network-rig.js';
import { restartablePort } from './hub-restart.js';
import { runPublisherKilled } from './process-scenarios.js';
import { uniqueStream } from './redis.js';

export interface OutboxOutageOptions {
  /** @default 1000 */
  messages?: number;
  /** @default 250 */
  ratePerSecond?: number;
  /** How long the outbox's Redis is down. @default 3000 */
  downMs?: number;
  /** @default 2 */
  subscribers?: number;
  /**
   * Subscribers' de-duplication window. Small on purpose: a message sent again after it would be
   * handed to the handler twice and counted as a duplicate.
   * @default 50
   */
  dedupeWindow?: number;
}

/**
 * "Outbox Redis outage": a publisher with an outbox streams messages while its Redis is killed
 * (SIGKILL) and restarted `downMs` later with its append-only file. Then the publisher closes and
 * the next publisher on the same outbox recovers what is left: anything it sends again shows up as
 * a duplicate in a handler.
 */
export async function runOutboxRedisOutage(rig: FaultRig, options: OutboxOutageOptions = {}): Promise<FaultReport> {
  const count = options.messages ?? 1000;
  const downMs = options.downMs ?? 3000;
  const redis = await startRedisServer({ persistence: 'aof-always', port: await restartablePort() });
  const stream = uniqueStream('outbox-outage');
  const channel = faultStream({ run: `outbox-outage-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` });
  const ledger = new DeliveryLedger();
  const subscribers: RealtimeSubscriber[] = [];
  const outbox = (leaseMs: number) => redisOutbox({ url: redis.url, stream, channels: faultChannels, leaseMs, recoverIntervalMs: 200 });
  const publisher = rig.publisher({ retry: PATIENT_RETRY, outbox: outbox(2000) });
  const observer = outbox(2000);
  const next = rig.publisher({ retry: PATIENT_RETRY, outbox: outbox(2000) });
  try {
    for (let index = 0; index < (options.subscribers ?? 2); index += 1) {
      const subscriber = createSubscriberFromTransport(rig.subscriberTransport(), { dedupeWindow: options.dedupeWindow ?? 50 });
      subscribers.push(subscriber);
      await ledger.observe(`subscriber ${index + 1}`, subscriber, channel);
    }
    const stream = await publishSteadily({
      count,
      ratePerSecond: options.ratePerSecond ?? 250,
      ledger,
      milestones: [
        {
          atIndex: Math.floor(count * 0.3),
          run: async () => {
            await redis.kill();
            await new Promise((resolve) => setTimeout(resolve, downMs));
            await redis.start();
          },
        },
      ],
      publish: (n) => publisher.publish(channel, 'tick', { n }),
    });
    await publisher.close();
    // Whatever the first publisher left is the next one's to send: a sent entry left behind would be a duplicate.
    await next.recoverOutbox?.();
    await waitFor(async () => (await observer.size()) === 0, 15_000, 'the outbox empty').catch(() => {});
    const left = await observer.size();
    await waitFor(() => ledger.settled(), 15_000, 'every message delivered').catch(() => {});
    await quietPeriod(500);
    return {
      provider: rig.name,
      fault: `outbox Redis down ${(downMs / 1000).toFixed(0)} s (killed, restarted with AOF)`,
      ...ledger.tally(),
      suppressedDuplicates: 0,
      achievedRate: stream.achievedRate,
      durationMs: stream.durationMs,
      note: left === 0 ? '' : `${left} entries left in the outbox`,
    };
  } finally {
    await Promise.all(subscribers.map((subscriber) => subscriber.close().catch(() => {})));
    ledger.stop();
    await publisher.close().catch(() => {});
    await next.close().catch(() => {});
    await observer.close().catch(() => {});
    await redis.stop();
  }
}

export interface OutboxCrashOptions {
  /** Whether the outbox's Redis writes an append-only file (fsync always). */
  persistent: boolean;
  /** @default 50 */
  before?: number;
  /** @default 250 */
  total?: number;
}

/**
 * "Outbox Redis crash": a publisher process records messages while the provider fails and is
 * killed; then the outbox's Redis is killed (SIGKILL) and restarted; the next publisher sends what
 * Redis kept. With an append-only file Redis keeps everything. Without one the outbox refuses to
 * start (CONFIG), so no publish is ever accepted on a promise the outbox cannot keep.
 */
export async function runOutboxRedisCrash(rig: NetworkRig, options: OutboxCrashOptions): Promise<FaultReport> {
  const redis = await startRedisServer({ persistence: options.persistent ? 'aof-always' : 'none', port: await restartablePort() });
  const fault = `outbox Redis crashed ${options.persistent ? 'with AOF (fsync always)' : 'without persistence'}`;
  try {
    if (!options.persistent) {
      const probe = rig.publisher({ retry: false, outbox: redisOutbox({ url: redis.url, channels: faultChannels }) });
      const refusal = await probe.publish(faultStream({ run: 'volatile-probe' }), 'tick', { n: 0 }).then(
        () => undefined,
        (error: unknown) => error as { code?: string },
      );
      await probe.close();
      return notApplicable(
        rig.name,
        fault,
        refusal?.code === 'CONFIG'
          ? 'refused at start: CONFIG (appendonly no); nothing accepted, so nothing to lose. With allowVolatileRedis: true, the crash takes every waiting message'
          : 'NOT refused: a volatile Redis was accepted',
      );
    }
    return await runPublisherKilled(rig, {
      before: options.before,
      total: options.total,
      redisUrl: redis.url,
      allowVolatileRedis: false,
      fault,
      afterKill: async () => {
        await redis.kill();
        await redis.start();
      },
    });
  } finally {
    await redis.stop();
  }
}
