import { RealtimeError } from '@switchboard/core';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyPublisher, createPublisherTransport } from '../src/index.js';
import { type AblyTestBed, API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, lobby, unique } from './fixtures.js';

describe('ably publisher', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('retries after the emulator fails the first two publish attempts with 500, and the subscriber receives once', async () => {
    const channel = feed({ room: unique('retry') });
    const subscriber = bed.subscriber(undefined);
    const publisher = bed.publisher();
    const received = new Collector<[unknown, string]>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data, meta.id])).ready;
    bed.emulator.failNextRest(2, 500);
    const { id } = await publisher.publish(channel, 'tick', { n: 1 }, { retry: { baseDelayMs: 20, attempts: 5 } });
    await received.toHave(1);
    await quietPeriod(300);
    expect(received.items).toEqual([[{ n: 1 }, id]]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('publishes many messages across channels in one batch request, each arriving once even when the batch is retried', async () => {
    const rooms = [feed({ room: unique('b1') }), feed({ room: unique('b2') })];
    const subscriber = bed.subscriber(undefined);
    const publisher = bed.publisher();
    const received = new Collector<[string, number]>();
    for (const room of rooms)
      await subscriber.subscribe(room, 'tick', (data, meta) => received.push([meta.channel, data.n as number])).ready;
    bed.emulator.failNextRest(1, 503);
    const entries = Array.from({ length: 6 }, (_, index) => ({
      channel: rooms[index % 2] as ReturnType<typeof feed>,
      event: 'tick' as const,
      data: { n: index },
    }));
    const results = await publisher.publishMany(entries, { retry: { baseDelayMs: 20 } });
    await received.toHave(6);
    await quietPeriod(300);
    expect(received.items.map(([, n]) => n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((result) => result.id)).size).toBe(6);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('maps Ably errors: unknown key → UNAUTHORIZED (40101), 429 → RATE_LIMITED, keeping the Ably error as cause', async () => {
    const wrongKey = ablyPublisher({ apiKey: 'testapp.unknown:nope', ...bed.host, clientOptions: fastClientOptions });
    const channel = feed({ room: unique('err') });
    const unauthorized = await wrongKey.publish(channel, 'tick', {}).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(unauthorized, 'UNAUTHORIZED')).toBe(true);
    expect(((unauthorized as RealtimeError).cause as { code: number }).code).toBe(40101);
    const publisher = bed.publisher();
    bed.emulator.failNextRest(1, 429);
    const limited = await publisher.publish(channel, 'tick', {}, { retry: false }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(limited, 'RATE_LIMITED')).toBe(true);
    expect((limited as RealtimeError).retriable).toBe(true);
    expect(((limited as RealtimeError).cause as { code: number }).code).toBe(42910);
    await Promise.all([wrongKey.close(), publisher.close()]);
  });

  it('queries presence on the server and reads history with the envelope ids', async () => {
    const room = lobby({ room: unique('p') });
    const userId = unique('ann');
    const subscriber = bed.subscriber({ id: userId });
    const publisher = bed.publisher();
    await subscriber.presence(room).enter({ name: 'Ann' });
    await waitFor(async () => (await publisher.presence(room).members()).length === 1, 10_000, 'server presence');
    expect(await publisher.presence(room).members()).toEqual([{ userId, data: { name: 'Ann' }, source: 'provider' }]);
    const { id } = await publisher.publish(room, 'note', { text: 'kept' });
    const transport = createPublisherTransport({ apiKey: API_KEY, ...bed.host });
    const history = await transport.history(room, { limit: 5 });
    expect(history[0]).toMatchObject({ id, event: 'note', data: { text: 'kept' }, seq: 1 });
    await Promise.all([subscriber.close(), publisher.close(), transport.close()]);
  });

  it('reports health from /time and refuses channel names Ably cannot take', async () => {
    const publisher = bed.publisher();
    const health = await publisher.health();
    expect(health).toMatchObject({ status: 'healthy', provider: 'ably' });
    expect(typeof health.latencyMs).toBe('number');
    const unreachable = ablyPublisher({ apiKey: API_KEY, endpoint: '127.0.0.1', port: 1, tls: false, clientOptions: fastClientOptions });
    expect((await unreachable.health()).status).toBe('unhealthy');
    const transport = createPublisherTransport({ apiKey: API_KEY });
    expect(() => transport.providerChannelName({ ...feed({ room: 'x' }), name: ':bad' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CHANNEL' }),
    );
    expect(() => createPublisherTransport({ apiKey: 'no-secret' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    await Promise.all([publisher.close(), unreachable.close()]);
  });
});
