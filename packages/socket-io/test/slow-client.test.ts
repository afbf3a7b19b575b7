/**
 * A client that stops reading (behind a proxy that stalls it) must not make the hub buffer without
 * bound: over `maxBufferedBytes` the hub cuts the connection, and the client, once it reads again,
 * reconnects and recovers what it missed. A subscriber beside it keeps receiving throughout.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber } from '@switchboard/core';
import { quietPeriod, waitFor } from '@switchboard/testing';
import { DeliveryLedger, faultChannels, freshStream, type StallProxy, startStallProxy } from '@switchboard/testing/faults';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferedBytes, OVER_BOUND_GRACE_MS } from '../src/hub/buffered-bytes-bound.js';
import { createHub, type Hub, socketIoPublisher } from '../src/index.js';
import { createSubscriberTransport } from '../src/subscriber/index.js';
import { SECRET } from './helpers.js';

const LIMIT = 256 * 1024;
const PAD = 'x'.repeat(4000);

describe('a stalled client', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  const subscriberAt = (url: string): RealtimeSubscriber =>
    createSubscriberFromTransport(createSubscriberTransport({ url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 250 }));

  it('refuses a bound too small to hold one message', () => {
    expect(() => createHub({ channels: faultChannels, secret: SECRET, maxBufferedBytes: 10 })).toThrowError(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('maxBufferedBytes') }),
    );
    expect(() => createHub({ channels: faultChannels, secret: SECRET, maxBufferedBytes: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('is cut once the hub holds maxBufferedBytes for it, then recovers everything; its neighbour never stalls', async () => {
    const hub: Hub = createHub({
      channels: faultChannels,
      secret: SECRET,
      host: '127.0.0.1',
      port: 0,
      maxBufferedBytes: LIMIT,
      allowAnonymous: true,
    });
    await hub.listen();
    cleanups.push(() => hub.close());
    const proxy: StallProxy = await startStallProxy(Number(new URL(hub.url).port));
    cleanups.push(() => proxy.close());
    const channel = freshStream('stalled');
    const ledger = new DeliveryLedger();
    cleanups.push(async () => ledger.stop());
    const steady = subscriberAt(hub.url);
    const stalled = subscriberAt(proxy.url);
    cleanups.push(
      () => steady.close(),
      () => stalled.close(),
    );
    await ledger.observe('steady', steady, channel);
    await ledger.observe('stalled', stalled, channel);
    let cut = 0;
    stalled.onStateChange((change) => {
      if (change.previous === 'connected' && change.current !== 'connected') cut += 1;
    });

    // The most the hub held for any one connection, sampled while the stream runs.
    let most = 0;
    const sampler = setInterval(() => {
      for (const socket of hub.io?.of('/').sockets.values() ?? []) most = Math.max(most, bufferedBytes(socket));
    }, 5);
    cleanups.push(async () => clearInterval(sampler));

    // About 2 MB/s for 5 s: loopback's socket buffers take the first few MB, the hub holds the rest.
    const publisher = socketIoPublisher({ hub });
    const total = 2500;
    const started = Date.now();
    for (let n = 0; n < total; n += 1) {
      if (n === 50) proxy.stall();
      const handle = ledger.publishing(n);
      const data = { n, pad: PAD };
      await publisher.publish(channel, 'tick', data).then(() => handle.accepted(), handle.failed);
      if (n % 10 === 0) await quietPeriod(started + n * 2 - Date.now());
    }
    const steadyCount = () => ledger.deliveryCounts()[0] ?? 0;
    await waitFor(() => steadyCount() === total, 10_000, 'the steady subscriber to have everything');
    clearInterval(sampler);
    proxy.resume();
    await waitFor(() => ledger.settled(), 20_000, 'the stalled subscriber to catch up').catch(() => {});
    await quietPeriod(200);
    const tally = ledger.tally();
    console.info('[stalled client]', JSON.stringify({ most, cut, ...tally, lostSample: undefined }));

    // The bound plus what is published in the grace (2 MB/s for 1 s), with room for a loaded machine.
    expect(most, 'bytes held for one connection').toBeLessThanOrEqual(LIMIT + 1.5 * 2_000_000 * (OVER_BOUND_GRACE_MS / 1000));
    expect(cut, 'the stalled connection was cut').toBeGreaterThanOrEqual(1);
    expect(tally.duplicates).toBe(0);
    expect(tally.lostSample).toEqual([]);
    // Within the recovery window the cut client recovers every message: nothing even needs a gap.
    expect(tally.delivered).toBe(2 * total);
    expect(tally.recovered).toBeGreaterThan(0);
  }, 40_000);
});
