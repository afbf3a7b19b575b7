/** Health with reasons and stats on the memory provider, and a subscriber's health from its connection. */
import { watchSubscriberHealth } from '@switchboard/core';
import { MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { redisOutbox } from '@switchboard/core/outbox';
import { waitFor } from '@switchboard/testing';
import { publicRoom, runHealthChecks } from '@switchboard/testing/conformance';
import { redisServerInstalled, startRedisServer } from '@switchboard/testing/faults';
import { describe, expect, it } from 'vitest';

runHealthChecks('memory', async () => {
  const hub = new MemoryHub({ reconnectDelayMs: 50 });
  return {
    createPublisher: (options) => memoryPublisher({ hub, ...options }),
    createSubscriber: (user) => memorySubscriber({ hub, ...(user ? { user } : {}) }),
    failNextPublishes: (count) => hub.failNextPublishes(count),
    counts: ['connections', 'channels', 'subscriptions'],
  };
});

describe('subscriber health', () => {
  it('is degraded or unhealthy with connection-lost while the connection is down, healthy once back', async () => {
    const hub = new MemoryHub({ reconnectDelayMs: 300 });
    const subscriber = memorySubscriber({ hub });
    await subscriber.subscribe(publicRoom({ room: 'watch' }), 'note', () => {}).ready;
    const watch = watchSubscriberHealth(subscriber, { provider: 'memory' });
    expect(watch.health()).toMatchObject({ status: 'healthy', reasons: [], provider: 'memory' });
    await hub.dropConnections({ downForMs: 600 });
    const down = watch.health();
    expect(down.status).not.toBe('healthy');
    expect(down.reasons?.[0]?.code).toBe('connection-lost');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(watch.health()).toMatchObject({ status: 'healthy', reasons: [] });
    await subscriber.close();
    expect(watch.health().reasons?.[0]?.code).toBe('not-running');
    watch.stop();
  }, 30_000);
});

const redisInstalled = redisServerInstalled();
if (!redisInstalled && process.env.CI !== 'true') console.info('[core health] no redis-server binary: skipping the outbox Redis case');

describe('publisher health with a Redis outbox', () => {
  it.skipIf(!redisInstalled && process.env.CI !== 'true')(
    'is degraded with redis-down while the outbox Redis is gone, healthy once it is back; unhealthy with misconfigured on a volatile Redis',
    async () => {
      const redis = await startRedisServer({ persistence: 'aof-always' });
      const outbox = redisOutbox({ url: redis.url, channels: [publicRoom], stream: `health-${Date.now()}`, recoverIntervalMs: 60_000 });
      const publisher = memoryPublisher({ hub: new MemoryHub(), outbox, health: { outboxBacklogThreshold: 0 } });
      try {
        const first = await publisher.health();
        expect(first, JSON.stringify(first.reasons)).toMatchObject({ status: 'healthy', reasons: [] });
        await redis.kill();
        const down = await publisher.health();
        expect(down.status).toBe('degraded');
        expect(down.reasons?.map((reason) => reason.code)).toEqual(['redis-down']);
        await redis.start();
        await waitFor(async () => (await publisher.health()).status === 'healthy', 20_000, 'healthy once Redis is back');
      } finally {
        await publisher.close();
        await redis.stop();
      }
      const volatile = await startRedisServer();
      const refused = memoryPublisher({
        outbox: redisOutbox({ url: volatile.url, channels: [publicRoom], stream: `health-${Date.now()}` }),
      });
      try {
        const report = await refused.health();
        expect(report.status).toBe('unhealthy');
        expect(report.reasons?.[0]).toMatchObject({ code: 'misconfigured', status: 'unhealthy' });
        expect(report.reasons?.[0]?.message).toContain('appendonly');
      } finally {
        await refused.close();
        await volatile.stop();
      }
    },
    60_000,
  );
});
