/**
 * The publisher's side of the outbox contract, on an in-memory outbox whose store can lose answers:
 * a record whose answer was lost is retried (records are idempotent per id), one never confirmed is
 * discarded before publish rejects, and the only rejection still sent later says `outbox: 'kept'`.
 * The Redis outbox itself is tested against real Redis in reliability/test/outbox.test.ts.
 */
import { defineChannel, type OutboundMessage, RealtimeError, type StandardSchemaV1 } from '@switchboard/core';
import { MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import type { OutboxEntry, PublisherOutbox } from '@switchboard/core/outbox';
import { describe, expect, it } from 'vitest';

const anything: StandardSchemaV1<{ n: number }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { n: number } }) },
};
const feed = defineChannel('feed:{id}', { access: 'public', events: { tick: anything } });
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
const lost = () => new RealtimeError('PROVIDER_UNAVAILABLE', 'connection lost before the answer');

/** An outbox in a Map; `loseAnswers` records store the message, then fail as if the reply was lost. */
function flakyOutbox() {
  const entries = new Map<string, OutboundMessage>();
  const state = { loseAnswers: 0, discarded: [] as string[] };
  const outbox: PublisherOutbox & { entries: typeof entries; state: typeof state } = {
    entries,
    state,
    recoverIntervalMs: 60_000,
    async record(messages) {
      for (const message of messages) entries.set(message.envelope.id, message);
      if (state.loseAnswers > 0) {
        state.loseAnswers -= 1;
        throw lost();
      }
      return messages.map((message) => message.envelope.id);
    },
    async remove(keys) {
      for (const key of keys) entries.delete(key);
    },
    async discard(messages) {
      for (const message of messages) {
        state.discarded.push(message.envelope.id);
        entries.delete(message.envelope.id);
      }
    },
    async claimAbandoned(): Promise<OutboxEntry[]> {
      return [...entries].map(([key, message]) => ({ key, message }));
    },
    async close() {},
  };
  return outbox;
}

describe('publisher with an outbox whose store loses answers', () => {
  it('retries a record whose answer was lost, and sends the message once', async () => {
    const hub = new MemoryHub();
    const outbox = flakyOutbox();
    const publisher = memoryPublisher({ hub, retry: fast, outbox });
    outbox.state.loseAnswers = 2;
    await expect(publisher.publish(feed({ id: '1' }), 'tick', { n: 1 }, { id: 'm1' })).resolves.toEqual({ id: 'm1' });
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(['m1']);
    expect(outbox.entries.size).toBe(0);
    await publisher.close();
  });

  it('discards a record never confirmed before rejecting: a rejected publish is never sent', async () => {
    const hub = new MemoryHub();
    const outbox = flakyOutbox();
    const publisher = memoryPublisher({ hub, retry: fast, outbox });
    outbox.state.loseAnswers = 100;
    const failure = await publisher.publish(feed({ id: '1' }), 'tick', { n: 2 }, { id: 'm2' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((failure as RealtimeError).details?.outbox).toBeUndefined();
    expect(outbox.state.discarded).toEqual(['m2']);
    outbox.state.loseAnswers = 0;
    expect(await publisher.recoverOutbox?.()).toBe(0);
    expect(hub.accepted).toEqual([]);
    await publisher.close();
  });

  it("marks the one rejection that is still sent later with details.outbox = 'kept'", async () => {
    const hub = new MemoryHub();
    const outbox = flakyOutbox();
    const publisher = memoryPublisher({ hub, retry: fast, outbox });
    hub.failNextPublishes(4);
    const failure = await publisher.publish(feed({ id: '1' }), 'tick', { n: 3 }, { id: 'm3' }).catch((error: unknown) => error);
    expect(RealtimeError.isInstance(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((failure as RealtimeError).details?.outbox).toBe('kept');
    expect((failure as RealtimeError).retriable).toBe(true);
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(['m3']);
    await publisher.close();
  });

  it('accepts the serverless preset by name and refuses an unknown one with CONFIG', async () => {
    const hub = new MemoryHub();
    const publisher = memoryPublisher({ hub, retry: 'serverless' });
    await expect(publisher.publish(feed({ id: '1' }), 'tick', { n: 4 })).resolves.toMatchObject({ id: expect.any(String) });
    await expect(publisher.publish(feed({ id: '1' }), 'tick', { n: 5 }, { retry: 'patient' as never })).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(hub.accepted).toHaveLength(1);
    await publisher.close();
  });
});

describe('outbox recovery keeps order', () => {
  it('stops a pass at a chunk whose retries ran out, so later chunks of it never overtake it', async () => {
    const hub = new MemoryHub();
    const outbox = flakyOutbox();
    const publisher = memoryPublisher({ hub, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, outbox });
    // 250 messages left by a crashed publisher: three chunks of the memory provider's 100.
    for (let n = 0; n < 250; n += 1) {
      outbox.entries.set(`m${n}`, { channel: feed({ id: 'x' }), envelope: { id: `m${n}`, event: 'tick', data: { n }, ts: n } });
    }
    hub.failNextPublishes(2);
    expect(await publisher.recoverOutbox?.()).toBe(0);
    expect(hub.accepted).toEqual([]);
    expect(await publisher.recoverOutbox?.()).toBe(250);
    expect(hub.accepted.map((envelope) => (envelope.data as { n: number }).n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    await publisher.close();
  });
});
