/** The Redis outbox on the memory provider: recorded before sending, removed once accepted, kept after failures, handed over only when its owner is gone. */
import { defineChannel, RealtimeError } from '@switchboard/core';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { redisOutbox } from '@switchboard/core/outbox';
import { faultChannels, faultStream, type RedisServer, redisServerInstalled, startRedisServer } from '@switchboard/testing/faults';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryRig } from './rigs/memory-rig.js';
import { pusherRig } from './rigs/pusher-rig.js';
import { expectNothingSilentlyMissing } from './support/expectations.js';
import { restartablePort } from './support/hub-restart.js';
import { runOutboxRedisCrash, runOutboxRedisOutage } from './support/outbox-scenarios.js';
import { REDIS_URL, redisAvailable, uniqueStream } from './support/redis.js';
import { type RedisProxy, startRedisProxy } from './support/redis-process.js';

const redis = await redisAvailable();
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const channel = () => faultStream({ run: `outbox-${Math.random().toString(36).slice(2, 8)}` });

describe.skipIf(!redis)('redis outbox', () => {
  it('records a message before its first attempt and removes it once the provider accepted it', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const outbox = redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels });
    const observer = redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels });
    const publisher = memoryPublisher({ hub, outbox, retry: { attempts: 1000, baseDelayMs: 5, maxDelayMs: 20 } });
    hub.failNextPublishes(Number.MAX_SAFE_INTEGER);
    const publishing = publisher.publish(channel(), 'tick', { n: 1 });
    // While the provider keeps failing, the message waits in Redis.
    await expect.poll(() => observer.size(), { timeout: 5000 }).toBe(1);
    hub.failNextPublishes(0);
    const { id } = await publishing;
    expect(await observer.size()).toBe(0);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual([id]);
    await publisher.close();
    await observer.close();
  });

  it('keeps a message whose retries ran out and sends it, with the same id, once the provider is back', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const publisher = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels }),
    });
    hub.failNextPublishes(3);
    const failure = await publisher.publish(channel(), 'tick', { n: 2 }, { id: 'kept-message' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    // The one rejection that is still sent later says so.
    expect((failure as RealtimeError).details?.outbox).toBe('kept');
    expect(hub.accepted).toEqual([]);
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(['kept-message']);
    expect(await publisher.recoverOutbox?.()).toBe(0);
    await publisher.close();
  });

  it('forgets a message the provider refused for good instead of resending it forever', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const observer = redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels });
    const publisher = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels }),
    });
    hub.failNextPublishes(1, () => new RealtimeError('FORBIDDEN', 'refused'));
    await expect(publisher.publish(channel(), 'tick', { n: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await observer.size()).toBe(0);
    await publisher.close();
    await observer.close();
  });

  it("never takes over a live publisher's messages, and takes them over once that publisher is gone", async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const owner = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels }),
    });
    const other = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: faultChannels }),
    });
    hub.failNextPublishes(3);
    await owner.publish(channel(), 'tick', { n: 4 }, { id: 'owned' }).catch(() => {});
    expect(await other.recoverOutbox?.()).toBe(0);
    // A clean close gives up the lease at once; a crash lets it lapse after leaseMs (the process test).
    await owner.close();
    expect(await other.recoverOutbox?.()).toBe(1);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(['owned']);
    await other.close();
  });

  it('reports an entry whose channel it does not know and leaves it for an operator', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const stranger = defineChannel('elsewhere:{id}', { access: 'public', events: { tick: faultStream.events.tick } });
    const writer = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: REDIS_URL, allowVolatileRedis: true, stream, channels: [stranger] }),
    });
    hub.failNextPublishes(3);
    await writer.publish(stranger({ id: 'x' }), 'tick', { n: 5 }).catch(() => {});
    await writer.close();
    const reported: RealtimeError[] = [];
    const observer = redisOutbox({
      url: REDIS_URL,
      allowVolatileRedis: true,
      stream,
      channels: faultChannels,
      onError: (error) => reported.push(error),
    });
    const reader = memoryPublisher({ hub, outbox: observer });
    expect(await reader.recoverOutbox?.()).toBe(0);
    expect(reported.map((error) => error.code)).toEqual(['CONFIG']);
    expect(reported[0]?.message).toContain('elsewhere:{id}');
    expect(await observer.size()).toBe(1);
    await reader.close();
  });
});

describe('redis outbox configuration', () => {
  it('refuses an outbox without channel definitions with CONFIG', () => {
    expect(() => redisOutbox({ channels: [] })).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('fails a publish with PROVIDER_UNAVAILABLE when Redis cannot be reached, and sends nothing', async () => {
    const hub = new MemoryHub();
    const publisher = memoryPublisher({
      hub,
      retry: fastRetry,
      outbox: redisOutbox({ url: 'redis://127.0.0.1:1', channels: faultChannels }),
    });
    await expect(publisher.publish(channel(), 'tick', { n: 6 })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(hub.accepted).toEqual([]);
    await publisher.close();
  });
});

const ownRedis = process.env.CI === 'true' || redisServerInstalled();

describe.skipIf(!ownRedis)('redis outbox on a Redis that fails (its own redis-server)', () => {
  let server: RedisServer;
  let proxy: RedisProxy;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'aof-always', port: await restartablePort() });
    proxy = await startRedisProxy(server);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });
  afterEach(() => proxy.refuse(false));
  const acceptedIds = (hub: MemoryHub, id: string) => hub.accepted.filter((envelope) => envelope.id === id);

  it('a sent message whose delete failed is never sent again, even by the next publisher', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('sent-delete-failed');
    const publisher = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: proxy.url, stream, channels: faultChannels }) });
    await publisher.publish(channel(), 'tick', { n: 0 });
    // The provider accepts; the outbox's delete never reaches Redis, which stays unreachable a while.
    proxy.dropBefore('XDEL', { thenRefuse: true });
    const { id } = await publisher.publish(channel(), 'tick', { n: 1 }, { id: 'sent-then-delete-failed' });
    await proxy.hit();
    proxy.refuse(false);
    await publisher.close();
    const next = memoryPublisher({ hub, outbox: redisOutbox({ url: server.url, stream, channels: faultChannels }) });
    await next.recoverOutbox?.();
    expect(acceptedIds(hub, id)).toHaveLength(1);
    await next.close();
  });

  it('a record stored whose answer was lost is resolved before publish answers: sent once, publish resolves', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('record-reply-lost');
    const publisher = memoryPublisher({
      hub,
      retry: { attempts: 40, baseDelayMs: 20, maxDelayMs: 100, deadlineMs: 10_000 },
      outbox: redisOutbox({ url: proxy.url, stream, channels: faultChannels }),
    });
    await publisher.publish(channel(), 'tick', { n: 0 });
    proxy.loseReplyTo('record-reply-lost', { thenRefuse: true });
    const publishing = publisher.publish(channel(), 'tick', { n: 1 }, { id: 'record-reply-lost' });
    await proxy.hit();
    setTimeout(() => proxy.refuse(false), 500);
    await expect(publishing).resolves.toEqual({ id: 'record-reply-lost' });
    await publisher.close();
    const next = memoryPublisher({ hub, outbox: redisOutbox({ url: server.url, stream, channels: faultChannels }) });
    await next.recoverOutbox?.();
    expect(acceptedIds(hub, 'record-reply-lost')).toHaveLength(1);
    await next.close();
  });

  it('a publish that rejected because its record could not be confirmed is never sent, by anyone', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('record-unknown');
    const observer = redisOutbox({ url: server.url, stream, channels: faultChannels });
    const publisher = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: proxy.url, stream, channels: faultChannels }) });
    await publisher.publish(channel(), 'tick', { n: 0 });
    proxy.loseReplyTo('record-unknown', { thenRefuse: true });
    const failure = await publisher.publish(channel(), 'tick', { n: 1 }, { id: 'record-unknown' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((failure as RealtimeError).details?.outbox).toBeUndefined();
    // Redis had stored it; once it answers again the publisher deletes it before anyone can send it.
    proxy.refuse(false);
    await expect.poll(() => observer.size(), { timeout: 10_000 }).toBe(0);
    await publisher.close();
    const next = memoryPublisher({ hub, outbox: redisOutbox({ url: server.url, stream, channels: faultChannels }) });
    expect(await next.recoverOutbox?.()).toBe(0);
    expect(acceptedIds(hub, 'record-unknown')).toEqual([]);
    await next.close();
    await observer.close();
  });
});

describe.skipIf(!ownRedis)('redis outbox persistence check', () => {
  it('refuses a Redis without an append-only file with CONFIG, and accepts it with allowVolatileRedis', async () => {
    const volatile = await startRedisServer({ persistence: 'none', port: await restartablePort() });
    try {
      const hub = new MemoryHub();
      const refused = memoryPublisher({ hub, outbox: redisOutbox({ url: volatile.url, channels: faultChannels }) });
      const failure = await refused.publish(channel(), 'tick', { n: 1 }).catch((error: unknown) => error);
      expect(RealtimeError.isInstance(failure, 'CONFIG')).toBe(true);
      expect((failure as RealtimeError).message).toContain('appendonly no');
      expect((failure as RealtimeError).message).toContain('allowVolatileRedis');
      expect(hub.accepted).toEqual([]);
      await refused.close();
      const accepted = memoryPublisher({
        hub,
        outbox: redisOutbox({ url: volatile.url, channels: faultChannels, allowVolatileRedis: true }),
      });
      await accepted.publish(channel(), 'tick', { n: 2 });
      expect(hub.accepted).toHaveLength(1);
      await accepted.close();
    } finally {
      await volatile.stop();
    }
  });

  it('falls back to INFO persistence when Redis refuses CONFIG', async () => {
    const persistent = await startRedisServer({
      persistence: 'aof-always',
      port: await restartablePort(),
      args: ['--rename-command', 'CONFIG', ''],
    });
    const volatile = await startRedisServer({
      persistence: 'none',
      port: await restartablePort(),
      args: ['--rename-command', 'CONFIG', ''],
    });
    try {
      const hub = new MemoryHub();
      const good = memoryPublisher({ hub, outbox: redisOutbox({ url: persistent.url, channels: faultChannels }) });
      await good.publish(channel(), 'tick', { n: 1 });
      await good.close();
      const bad = memoryPublisher({ hub, outbox: redisOutbox({ url: volatile.url, channels: faultChannels }) });
      await expect(bad.publish(channel(), 'tick', { n: 2 })).rejects.toMatchObject({ code: 'CONFIG' });
      await bad.close();
      expect(hub.accepted).toHaveLength(1);
    } finally {
      await persistent.stop();
      await volatile.stop();
    }
  });
});

describe.skipIf(!ownRedis)('fault suite: the outbox Redis failing', () => {
  it('outbox Redis down 3 s under a live publisher: every message once, none sent again after the de-dup window', async () => {
    const report = await runOutboxRedisOutage(memoryRig(), { messages: 600, ratePerSecond: 200, downMs: 3000 });
    expectNothingSilentlyMissing(report);
    expect(report.sent).toBe(600);
    expect(report.delivered).toBe(1200);
    expect(report.note).toBe('');
  });

  it('outbox Redis crashed with AOF: the next publisher sends every waiting message once', async () => {
    const rig = await pusherRig();
    try {
      const report = await runOutboxRedisCrash(rig, { persistent: true });
      expectNothingSilentlyMissing(report);
      expect(report.sent).toBe(250);
      expect(report.delivered).toBe(500);
    } finally {
      await rig.teardown();
    }
  });

  it('outbox Redis without persistence: refused at start, nothing accepted', async () => {
    const rig = await pusherRig();
    try {
      const report = await runOutboxRedisCrash(rig, { persistent: false });
      expect(report.note).toMatch(/^refused at start: CONFIG/);
    } finally {
      await rig.teardown();
    }
  });
});
