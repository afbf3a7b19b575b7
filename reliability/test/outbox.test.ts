/** The Redis outbox on the memory provider: recorded before sending, removed once accepted, kept after failures, handed over only when its owner is gone. */
import { defineChannel, RealtimeError } from '@switchboard/core';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { redisOutbox } from '@switchboard/core/outbox';
import { faultChannels, faultStream } from '@switchboard/testing/faults';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, uniqueStream } from './support/redis.js';

const redis = await redisAvailable();
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const channel = () => faultStream({ run: `outbox-${Math.random().toString(36).slice(2, 8)}` });

describe.skipIf(!redis)('redis outbox', () => {
  it('records a message before its first attempt and removes it once the provider accepted it', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const outbox = redisOutbox({ url: REDIS_URL, stream, channels: faultChannels });
    const observer = redisOutbox({ url: REDIS_URL, stream, channels: faultChannels });
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
    const publisher = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: REDIS_URL, stream, channels: faultChannels }) });
    hub.failNextPublishes(3);
    const failure = await publisher.publish(channel(), 'tick', { n: 2 }, { id: 'kept-message' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(hub.accepted).toEqual([]);
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(['kept-message']);
    expect(await publisher.recoverOutbox?.()).toBe(0);
    await publisher.close();
  });

  it('forgets a message the provider refused for good instead of resending it forever', async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const observer = redisOutbox({ url: REDIS_URL, stream, channels: faultChannels });
    const publisher = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: REDIS_URL, stream, channels: faultChannels }) });
    hub.failNextPublishes(1, () => new RealtimeError('FORBIDDEN', 'refused'));
    await expect(publisher.publish(channel(), 'tick', { n: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await observer.size()).toBe(0);
    await publisher.close();
    await observer.close();
  });

  it("never takes over a live publisher's messages, and takes them over once that publisher is gone", async () => {
    const hub = new MemoryHub();
    const stream = uniqueStream('unit');
    const owner = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: REDIS_URL, stream, channels: faultChannels }) });
    const other = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: REDIS_URL, stream, channels: faultChannels }) });
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
    const writer = memoryPublisher({ hub, retry: fastRetry, outbox: redisOutbox({ url: REDIS_URL, stream, channels: [stranger] }) });
    hub.failNextPublishes(3);
    await writer.publish(stranger({ id: 'x' }), 'tick', { n: 5 }).catch(() => {});
    await writer.close();
    const reported: RealtimeError[] = [];
    const observer = redisOutbox({ url: REDIS_URL, stream, channels: faultChannels, onError: (error) => reported.push(error) });
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
    const publisher = memoryPublisher({ hub, outbox: redisOutbox({ url: 'redis://127.0.0.1:1', channels: faultChannels }) });
    await expect(publisher.publish(channel(), 'tick', { n: 6 })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(hub.accepted).toEqual([]);
    await publisher.close();
  });
});
