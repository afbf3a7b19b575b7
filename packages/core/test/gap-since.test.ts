/**
 * A gap's `since` starts no later than the last message the channel received: a transport may
 * notice a loss late (a Socket.IO hub that finds its Redis stream emptied drops connections only
 * after Redis is back), and the messages between the last delivery and that moment must count as
 * covered by the gap, not as silently delivered.
 */
import {
  type ChannelSink,
  createPublisherFromTransport,
  createSubscriberFromTransport,
  defineChannel,
  type GapInfo,
} from '@switchboard/core';
import { createPublisherTransport, createSubscriberTransport, MemoryHub } from '@switchboard/core/memory';
import { waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';

const ticks = defineChannel('ticks:{room}', {
  access: 'public',
  events: {
    tick: {
      '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value: value as { n: number } }) },
    },
  },
});

describe('gap since', () => {
  it('is the publish time of the last received message when the transport noticed the loss later', async () => {
    const hub = new MemoryHub();
    const sinks: ChannelSink[] = [];
    const raw = createSubscriberTransport({ hub });
    const subscriber = createSubscriberFromTransport({
      ...raw,
      attach: (channel, sink, options) => {
        sinks.push(sink);
        return raw.attach(channel, sink, options);
      },
    });
    const publisher = createPublisherFromTransport(createPublisherTransport({ hub }));
    const received: number[] = [];
    const gaps: GapInfo[] = [];
    const subscription = subscriber.subscribe(ticks({ room: 'a' }), 'tick', (data) => received.push((data as { n: number }).n), {
      onGap: (gap) => gaps.push(gap),
    });
    await subscription.ready;
    await publisher.publish(ticks({ room: 'a' }), 'tick', { n: 1 });
    await waitFor(() => received.length === 1);
    const lastPublishedAt = Date.now();
    const [sink] = sinks;
    // The transport reports a loss it noticed five seconds after the last delivery.
    sink?.gap({ reason: 'reconnected-without-recovery', since: lastPublishedAt + 5000 });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.since).toBeLessThanOrEqual(lastPublishedAt);
    expect(gaps[0]?.since).toBeGreaterThan(lastPublishedAt - 1000);
    // A transport that knows an earlier time keeps it.
    sink?.gap({ reason: 'recovery-failed', since: 1000 });
    expect(gaps[1]?.since).toBe(1000);
    // No estimate from the transport: still a start, never undefined.
    sink?.gap({ reason: 'resubscribed' });
    expect(typeof gaps[2]?.since).toBe('number');
    await subscriber.close();
    await publisher.close();
  });
});
