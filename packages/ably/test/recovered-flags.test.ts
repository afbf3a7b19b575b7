/**
 * `meta.recovered` counted exactly: true for each message Ably replays after a resumed re-attach
 * (missed while disconnected) and for a rewind's backlog, false for every live message.
 */
import type { GapInfo } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, feed, unique } from './fixtures.js';

// Ably's clock a minute behind, and ahead of, this machine's: a device clock that is off must not matter.
// Two drops with 80 ms of latency on every frame take ~3 s idle; the waits inside are bounded, so the case gets 30 s.
describe.each([-60_000, 60_000])('ably subscriber: meta.recovered, Ably’s clock %i ms off', { timeout: 30_000 }, (clockOffsetMs) => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions, [], { clockOffsetMs });
    // Every frame and REST answer takes a while, as over a real network: live messages arrive late too.
    bed.emulator.setLatency(80);
  });
  afterAll(() => bed.emulator.close());

  it('flags exactly the messages missed during each of two drops, and no live message', async () => {
    const channel = feed({ room: unique('flags') });
    const publisher = bed.publisher();
    const subscriber = bed.subscriber(undefined);
    const received = new Collector<[number, boolean]>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n as number, meta.recovered]), { onGap: gaps.push })
      .ready;
    let next = 0;
    const publishMany = async (count: number) => {
      for (let index = 0; index < count; index++) await publisher.publish(channel, 'tick', { n: next++ });
    };
    const missed: number[] = [];
    for (let drop = 0; drop < 2; drop++) {
      await publishMany(5);
      await received.toHave(next, 10_000);
      bed.emulator.dropAll({ downForMs: 600 });
      await waitFor(() => subscriber.state !== 'connected', 10_000, 'the drop to be noticed');
      for (let index = 0; index < 4; index++) missed.push(next + index);
      await publishMany(4);
      await waitFor(() => subscriber.state === 'connected', 15_000, 'the reconnection');
      await received.toHave(next, 10_000);
    }
    await publishMany(5);
    await received.toHave(next, 10_000);

    expect(received.items.map(([n]) => n)).toEqual(Array.from({ length: next }, (_, n) => n));
    expect(received.items.filter(([, recovered]) => recovered).map(([n]) => n)).toEqual(missed);
    expect(gaps.items).toEqual([]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('flags a rewind’s backlog and not the live messages after it, the clock learned from another channel', async () => {
    const busy = feed({ room: unique('busy') });
    const channel = feed({ room: unique('rewind-flags') });
    const publisher = bed.publisher();
    for (let n = 0; n < 4; n++) await publisher.publish(channel, 'tick', { n });
    const subscriber = bed.subscriber(undefined);
    // Live traffic on the connection first: it tells the adapter how far off Ably's clock is.
    const live = new Collector<boolean>();
    await subscriber.subscribe(busy, 'tick', (_data, meta) => live.push(meta.recovered)).ready;
    for (let n = 0; n < 3; n++) await publisher.publish(busy, 'tick', { n });
    expect(await live.toHave(3, 10_000)).toEqual([false, false, false]);
    const received = new Collector<[number, boolean]>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n as number, meta.recovered]), { rewind: 3 }).ready;
    await received.toHave(3, 10_000);
    for (let n = 4; n < 7; n++) await publisher.publish(channel, 'tick', { n });
    await received.toHave(6, 10_000);
    expect(received.items).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
      [5, false],
      [6, false],
    ]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});
