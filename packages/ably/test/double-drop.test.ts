/**
 * A connection dropped again after the client reported `connected` but before its channels
 * re-attached: ably-js is then in ATTACHING, discards any MESSAGE (RTL17) yet still moves its
 * channelSerial past it (RTL15b), so the next ATTACH resumes from after messages it never delivered.
 */
import type { GapInfo } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AblyTestBed, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, unique } from './fixtures.js';

/** Frames from the server take this long, so the ATTACHED after a resume arrives well after CONNECTED. */
const LATENCY_MS = 150;

describe('ably subscriber dropped again before its channels re-attached', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
    bed.emulator.setLatency(LATENCY_MS);
  });
  afterAll(() => bed.emulator.close());

  it('delivers every message exactly once, or reports a gap, across three double drops while publishing', async () => {
    const channel = feed({ room: unique('double-drop') });
    const publisher = bed.publisher();
    // ably-js logs each MESSAGE it discards while ATTACHING: the moment a second drop does the most harm.
    let onDiscarded: (() => void) | undefined;
    const subscriber = bed.subscriber(undefined, {
      clientOptions: {
        ...fastClientOptions,
        logLevel: 2,
        logHandler: (line: string) => {
          if (line.includes('skipped as this channel')) onDiscarded?.();
        },
      },
    });
    const deliveries = new Map<number, number>();
    const gaps: GapInfo[] = [];
    await subscriber.subscribe(channel, 'tick', (data) => deliveries.set(data.n as number, (deliveries.get(data.n as number) ?? 0) + 1), {
      onGap: (gap) => gaps.push(gap),
    }).ready;
    const connectionId = subscriber.connectionId;

    const published: Array<Promise<unknown>> = [];
    let next = 0;
    const ticker = setInterval(() => {
      published.push(publisher.publish(channel, 'tick', { n: next++ }));
    }, 5);
    try {
      for (let cycle = 0; cycle < 3; cycle++) {
        const before = deliveries.size;
        await waitFor(() => deliveries.size > before + 20, 15_000, 'live delivery before the drop');
        bed.emulator.dropAll();
        await waitFor(() => subscriber.state !== 'connected', 10_000, 'the first drop to be noticed');
        await waitFor(() => subscriber.state === 'connected', 15_000, 'the first reconnection');
        // Drop again at once: on the first discarded message, or half-way to the delayed ATTACHED.
        await new Promise<void>((resolve) => {
          const drop = () => {
            clearTimeout(timer);
            onDiscarded = undefined;
            bed.emulator.dropAll();
            resolve();
          };
          const timer = setTimeout(drop, LATENCY_MS / 2);
          onDiscarded = drop;
        });
        await waitFor(() => subscriber.state !== 'connected', 10_000, 'the second drop to be noticed');
        await waitFor(() => subscriber.state === 'connected', 15_000, 'the second reconnection');
      }
    } finally {
      clearInterval(ticker);
    }
    await Promise.all(published);
    const sent = next;
    await waitFor(() => deliveries.size === sent || gaps.length > 0, 20_000, `all ${sent} messages or a gap`).catch(() => {});

    const missing = Array.from({ length: sent }, (_, n) => n).filter((n) => !deliveries.has(n));
    const copies = [...deliveries].filter(([, count]) => count > 1).map(([n]) => n);
    expect(copies, 'messages handed over twice').toEqual([]);
    if (gaps.length === 0) expect(missing, 'messages lost without a gap').toEqual([]);
    else expect(gaps.every((gap) => gap.channel === channel.name)).toBe(true);
    // Every reconnection resumed the same connection, so Ably promised continuity: no gap was due.
    expect(subscriber.connectionId).toBe(connectionId);
    expect(gaps).toEqual([]);
    await Promise.all([subscriber.close(), publisher.close()]);
  }, 60_000);
});
