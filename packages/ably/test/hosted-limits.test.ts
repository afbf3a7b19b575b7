/**
 * The Ably adapter at hosted Ably's limits, against an emulator as strict as the service: batches
 * under 2 MiB and 100 channels, per-message outcomes of a batch, TokenRequests signed on Ably's
 * clock, and a failed resume recognised whichever code Ably gives.
 */
import { createChannelChecker, type GapInfo, RealtimeError } from '@switchboard/core';
import { Collector, quietPeriod } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyAuthorizer } from '../src/index.js';
import { ablySubscriber } from '../src/subscriber/index.js';
import { type AblyTestBed, API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, unique } from './fixtures.js';

describe('ably publisher at the batch limits', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('publishes a batch of large messages that would exceed 2 MiB in one request, every message arriving once', async () => {
    const channel = feed({ room: unique('large') });
    const subscriber = bed.subscriber(undefined);
    const publisher = bed.publisher();
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n as number)).ready;
    const text = 'z'.repeat(60_000);
    const entries = Array.from({ length: 40 }, (_, n) => ({ channel, event: 'tick' as const, data: { n, text } }));
    await publisher.publishMany(entries, { retry: false });
    await received.toHave(40, 15_000);
    expect([...received.items].sort((a, b) => a - b)).toEqual(entries.map((entry) => entry.data.n));
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('reports one refused channel of a batch without failing the others, naming what was delivered', async () => {
    const rooms = [feed({ room: unique('p0') }), feed({ room: unique('p1') }), feed({ room: unique('p2') })];
    const subscriber = bed.subscriber(undefined);
    const publisher = bed.publisher();
    const received = new Collector<string>();
    for (const room of rooms) await subscriber.subscribe(room, 'tick', (_data, meta) => received.push(meta.channel)).ready;
    bed.emulator.failChannelInBatch(rooms[1]?.name as string, 403);
    const entries = rooms.map((channel, index) => ({
      channel,
      event: 'tick' as const,
      data: { index },
      id: `partial-${index}-${unique('')}`,
    }));
    const error = await publisher.publishMany(entries, { retry: { baseDelayMs: 10, attempts: 3 } }).catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'FORBIDDEN')).toBe(true);
    expect((error as RealtimeError).details).toMatchObject({
      delivered: [entries[0]?.id, entries[2]?.id],
      failed: [{ id: entries[1]?.id, channel: rooms[1]?.name, retriable: false }],
    });
    await received.toHave(2);
    await quietPeriod(300);
    expect([...received.items].sort()).toEqual([rooms[0]?.name, rooms[2]?.name].sort());
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('resends only the channel that failed retriably inside a batch, and every message arrives once', async () => {
    const rooms = [feed({ room: unique('r0') }), feed({ room: unique('r1') })];
    const subscriber = bed.subscriber(undefined);
    const publisher = bed.publisher();
    const received = new Collector<string>();
    for (const room of rooms) await subscriber.subscribe(room, 'tick', (_data, meta) => received.push(meta.channel)).ready;
    bed.emulator.failChannelInBatch(rooms[1]?.name as string, 503);
    await publisher.publishMany(
      rooms.map((channel) => ({ channel, event: 'tick' as const, data: {} })),
      { retry: { baseDelayMs: 10, attempts: 3 } },
    );
    await received.toHave(2);
    await quietPeriod(300);
    expect([...received.items].sort()).toEqual(rooms.map((room) => room.name).sort());
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});

describe('ably authorizer: signing with Ably’s clock', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    // Ably's clock 3 minutes ahead of this machine: as an auth server whose clock is 3 minutes slow.
    bed = await startTestBed(definitions, [], { clockOffsetMs: 3 * 60_000 });
  });
  afterAll(() => bed.emulator.close());

  const subscriberWith = (queryTime: boolean) => {
    const authorizer = ablyAuthorizer({ apiKey: API_KEY, ...bed.host, queryTime });
    const checker = createChannelChecker(definitions, []);
    return ablySubscriber({
      ...bed.host,
      authCallback: (channels) =>
        authorizer.authorize({ user: { id: 'clocky' }, body: { channels }, check: (name) => checker(undefined, name) }),
      clientOptions: fastClientOptions,
    });
  };

  it('is refused by Ably (40104) when the server clock is 3 minutes off', async () => {
    const subscriber = subscriberWith(false);
    const reasons = new Collector<RealtimeError>();
    subscriber.onStateChange((change) => change.reason && reasons.push(change.reason));
    void subscriber.subscribe(feed({ room: unique('skew') }), 'tick', () => {}).ready.catch(() => {});
    const [reason] = await reasons.toHave(1);
    // ably-js wraps the refused token request (40104) in 80019 "auth provider request failed".
    expect((reason?.cause as { cause?: { code?: number } } | undefined)?.cause?.code).toBe(40104);
    expect(subscriber.state).not.toBe('connected');
    await subscriber.close();
  });

  it('connects with queryTime: the TokenRequest carries Ably’s time', async () => {
    const subscriber = subscriberWith(true);
    const channel = feed({ room: unique('synced') });
    const received = new Collector<unknown>();
    await subscriber.subscribe(channel, 'tick', received.push).ready;
    const publisher = bed.publisher();
    await publisher.publish(channel, 'tick', { n: 1 });
    expect(await received.toHave(1)).toEqual([{ n: 1 }]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});

describe('ably subscriber: a failed resume as hosted Ably reports it', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('reports recovery-failed when Ably answers the resume with a new connection id and 80018', async () => {
    const channel = feed({ room: unique('badkey') });
    const subscriber = bed.subscriber(undefined);
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', () => {}, { onGap: gaps.push }).ready;
    const before = subscriber.connectionId;
    bed.emulator.dropAll({ recover: false, resumeFailure: 'invalid-key' });
    const [gap] = await gaps.toHave(1, 10_000);
    expect(gap).toMatchObject({ channel: channel.name, reason: 'recovery-failed' });
    expect(subscriber.connectionId).not.toBe(before);
    await subscriber.close();
  });
});
