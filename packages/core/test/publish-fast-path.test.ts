/**
 * The publisher sends a batch's first attempt outside its retry loop (the fast path). What follows
 * a failed first attempt must behave as if the loop had run it: the deadline counts from the first
 * attempt, per-message failures are retried alone, and health sees the retry.
 */
import { createPublisherFromTransport, defineChannel, RealtimeError, type StandardSchemaV1 } from '@switchboard/core';
import { createPublisherTransport, MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it } from 'vitest';

const any: StandardSchemaV1<{ n: number }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { n: number } }) },
};
const feed = defineChannel('fast:{id}', { access: 'public', events: { tick: any } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('publish: the first attempt outside the retry loop', () => {
  it('counts the retry deadline from the first attempt, not from its failure', async () => {
    const hub = new MemoryHub();
    const memory = createPublisherTransport({ hub });
    let attempts = 0;
    const publisher = createPublisherFromTransport(
      {
        ...memory,
        async send(messages, signal) {
          attempts += 1;
          if (attempts === 1) {
            await sleep(150);
            throw new RealtimeError('PROVIDER_UNAVAILABLE', 'slow and down');
          }
          return memory.send(messages, signal);
        },
      },
      { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 100 } },
    );
    const error = await publisher.publish(feed({ id: 1 }), 'tick', { n: 1 }).catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(attempts).toBe(1);
    expect(hub.accepted).toEqual([]);
  });

  it('resends only the messages a first attempt refused retriably, then reports every id delivered', async () => {
    const hub = new MemoryHub();
    const memory = createPublisherTransport({ hub });
    const sent: number[][] = [];
    const publisher = createPublisherFromTransport(
      {
        ...memory,
        async send(messages, signal) {
          sent.push(messages.map((message) => (message.envelope.data as { n: number }).n));
          if (sent.length > 1) return memory.send(messages, signal);
          await memory.send([messages[0] as (typeof messages)[number]], signal);
          return { failures: [{ index: 1, error: new RealtimeError('PROVIDER_UNAVAILABLE', 'one refused') }] };
        },
      },
      { retry: { baseDelayMs: 1 } },
    );
    const results = await publisher.publishMany([
      { channel: feed({ id: 1 }), event: 'tick', data: { n: 1 } },
      { channel: feed({ id: 1 }), event: 'tick', data: { n: 2 } },
    ]);
    expect(sent).toEqual([[1, 2], [2]]);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(results.map((result) => result.id));
    expect((await publisher.stats()).totals).toMatchObject({ published: 2, retries: 1, failed: 0 });
  });
});
