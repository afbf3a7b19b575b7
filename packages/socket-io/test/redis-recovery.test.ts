/**
 * Recovery on Redis under a steady stream: the streams adapter replays a session up to the stream's
 * end before the restored socket rejoins its rooms, so whatever is broadcast in between must still
 * reach the client (the hub catches it up) — or the client must hear of a gap.
 */
import type { GapInfo, RealtimeSubscriber } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, socketIoPublisher } from '../src/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { REDIS_URL, redisAvailable, startHub, subscriberFor } from './helpers.js';

const available = await redisAvailable();

const SUBSCRIBERS = 4;
const DROPS = 6;

interface Observed {
  subscriber: RealtimeSubscriber;
  counts: Map<number, number>;
  /** Handed to the handler, in order. */
  order: number[];
  gaps: GapInfo[];
}

describe.skipIf(!available)('recovery on Redis while messages keep flowing', () => {
  // Long enough that no client's offset is trimmed, however slowly the machine runs the test.
  const redis = {
    url: REDIS_URL,
    streamName: uniqueId('switchboard-test-race-'),
    relayKey: uniqueId('switchboard-test-race-relay-'),
    streamMaxLength: 1_000_000,
  };
  let hub: Hub;
  let other: Hub;

  beforeAll(async () => {
    [hub, other] = await Promise.all([startHub(testChannels, { redis }), startHub(testChannels, { redis })]);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), other?.close()]);
    const cleanup = new Redis(REDIS_URL);
    await cleanup.del(redis.streamName);
    cleanup.disconnect();
  });

  it('delivers every message exactly once and in stream order, or reports a gap, across repeated recovered drops', async () => {
    const channel = room({ roomId: uniqueId('race') });
    const observed: Observed[] = [];
    for (let index = 0; index < SUBSCRIBERS; index++) {
      const entry: Observed = { subscriber: subscriberFor(hub.url, undefined), counts: new Map(), order: [], gaps: [] };
      const onTick = (data: { n: number }) => {
        entry.counts.set(data.n, (entry.counts.get(data.n) ?? 0) + 1);
        entry.order.push(data.n);
      };
      await entry.subscriber.subscribe(channel, 'tick', onTick, { onGap: (gap) => entry.gaps.push(gap) }).ready;
      observed.push(entry);
    }
    // Half the stream is published on the subscribers' hub (delivered after its own XADD), half on
    // another hub (delivered by the stream reader): both paths race the restore.
    const publishers = [socketIoPublisher({ hub }), socketIoPublisher({ hub: other })];
    let sent = 0;
    let publishing = true;
    const background = (async () => {
      while (publishing) {
        const n = sent++;
        await publishers[n % 2]?.publish(channel, 'tick', { n });
        if (n % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const deliveredAtLeast = (count: number) => observed.every((entry) => entry.counts.size >= count);

    for (let drop = 0; drop < DROPS; drop++) {
      const before = Math.min(...observed.map((entry) => entry.counts.size));
      await waitFor(() => deliveredAtLeast(before + 20), 20_000, 'deliveries before the drop');
      await hub.dropConnections();
      await waitFor(() => observed.every((entry) => entry.subscriber.state === 'connected'), 20_000, 'subscribers back');
    }
    const last = sent;
    await waitFor(() => deliveredAtLeast(last + 20), 20_000, 'live deliveries after the last drop');
    publishing = false;
    await background;
    const total = sent;
    // Everything still owed arrives, or it never will: wait until each count stops moving.
    await waitFor(
      async () => {
        const counts = observed.map((entry) => entry.counts.size);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return observed.every((entry, index) => entry.counts.size === counts[index]);
      },
      20_000,
      'deliveries to settle',
    );

    for (const [index, entry] of observed.entries()) {
      const missing = Array.from({ length: total }, (_, n) => n).filter((n) => !entry.counts.has(n));
      const twice = [...entry.counts].filter(([, count]) => count > 1).map(([n]) => n);
      expect(twice, `subscriber ${index}: handed over twice`).toEqual([]);
      if (entry.gaps.length === 0) expect(missing, `subscriber ${index}: lost without a gap (of ${total})`).toEqual([]);
      // Each hub appends its publishes to the stream in order, and replay, catch-up and live delivery
      // all follow the stream: per publishing hub, the handler sees increasing numbers.
      for (const parity of [0, 1]) {
        const fromOneHub = entry.order.filter((n) => n % 2 === parity);
        const outOfOrder = fromOneHub.filter((n, position) => position > 0 && n < (fromOneHub[position - 1] as number));
        expect(outOfOrder, `subscriber ${index}: out of order from hub ${parity}`).toEqual([]);
      }
    }
    await Promise.all([...publishers.map((publisher) => publisher.close()), ...observed.map((entry) => entry.subscriber.close())]);
  }, 90_000);
});
