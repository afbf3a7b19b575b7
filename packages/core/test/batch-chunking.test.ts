import {
  createPublisherFromTransport,
  defineChannel,
  jsonByteLength,
  type OutboundMessage,
  type ProviderLimits,
  type PublisherOutbox,
  type PublisherTransport,
  RealtimeError,
  type SendOutcome,
  SPECIFICATION_VERSION,
  type StandardSchemaV1,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const text: StandardSchemaV1<{ text: string }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { text: string } }) },
};
const room = defineChannel('room:{id}', { access: 'public', events: { said: text } });

/** A provider that records every request and answers per message with what `answer` decides. */
function recordingTransport(
  limits: ProviderLimits,
  answer: (message: OutboundMessage, attempt: number) => RealtimeError | undefined = () => undefined,
) {
  const requests: OutboundMessage[][] = [];
  const attempts = new Map<string, number>();
  const transport: PublisherTransport = {
    specificationVersion: SPECIFICATION_VERSION,
    provider: 'recording',
    capabilities: { presence: false, serverPresence: false, recovery: false, history: false, clientEvents: false, exclusion: false },
    limits,
    providerChannelName: (channel) => channel.name,
    async send(messages): Promise<SendOutcome> {
      requests.push(messages);
      const failures = messages.flatMap((message, index) => {
        const attempt = (attempts.get(message.envelope.id) ?? 0) + 1;
        attempts.set(message.envelope.id, attempt);
        const error = answer(message, attempt);
        return error ? [{ index, error }] : [];
      });
      return { failures };
    },
    health: async () => ({ status: 'healthy', provider: 'recording' }),
    close: async () => {},
  };
  return { transport, requests, attempts };
}

const requestBytes = (messages: OutboundMessage[]) =>
  messages.reduce((total, message) => total + jsonByteLength(message.envelope) + jsonByteLength(message.channel.name), 0);

describe('publishMany chunking', () => {
  it('cuts a batch of large messages before the provider’s request byte limit, not only by count', async () => {
    const { transport, requests } = recordingTransport({
      maxPayloadBytes: 65_536,
      maxBatchSize: 100,
      maxEventNameLength: 64,
      maxBatchBytes: 200_000,
    });
    const publisher = createPublisherFromTransport(transport, { retry: false });
    const big = 'x'.repeat(60_000);
    await publisher.publishMany(
      Array.from({ length: 10 }, (_, index) => ({ channel: room({ id: index }), event: 'said', data: { text: big } })),
    );
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) expect(requestBytes(request)).toBeLessThanOrEqual(200_000);
    expect(requests.flat()).toHaveLength(10);
  });

  it('cuts before a channel beyond the provider’s distinct-channel limit joins a request', async () => {
    const { transport, requests } = recordingTransport({
      maxPayloadBytes: 65_536,
      maxBatchSize: 500,
      maxEventNameLength: 64,
      maxBatchChannels: 3,
    });
    const publisher = createPublisherFromTransport(transport, { retry: false });
    const entries = Array.from({ length: 12 }, (_, index) => ({
      channel: room({ id: index % 6 }),
      event: 'said' as const,
      data: { text: 'hi' },
    }));
    await publisher.publishMany(entries);
    for (const request of requests) expect(new Set(request.map((message) => message.channel.name)).size).toBeLessThanOrEqual(3);
    expect(requests.flat().map((message) => message.channel.name)).toEqual(entries.map((entry) => entry.channel.name));
  });
});

describe('per-message batch outcomes', () => {
  it('retries only the entry that failed retriably; the delivered ones are sent once', async () => {
    const { transport, attempts } = recordingTransport(
      { maxPayloadBytes: 65_536, maxBatchSize: 100, maxEventNameLength: 64 },
      (message, attempt) =>
        message.channel.name === 'room:2' && attempt === 1 ? new RealtimeError('PROVIDER_UNAVAILABLE', 'channel 2 hiccup') : undefined,
    );
    const publisher = createPublisherFromTransport(transport, { retry: { baseDelayMs: 1, attempts: 3 } });
    const results = await publisher.publishMany([0, 1, 2, 3].map((id) => ({ channel: room({ id }), event: 'said', data: { text: 'hi' } })));
    expect(results).toHaveLength(4);
    expect([...attempts.values()]).toEqual([1, 1, 2, 1]);
  });

  it('rejects naming what was delivered and what was refused, without resending the refused entry', async () => {
    const { transport, attempts } = recordingTransport({ maxPayloadBytes: 65_536, maxBatchSize: 100, maxEventNameLength: 64 }, (message) =>
      message.channel.name === 'room:1' ? new RealtimeError('FORBIDDEN', 'no publish on room:1') : undefined,
    );
    const publisher = createPublisherFromTransport(transport, { retry: { baseDelayMs: 1, attempts: 3 } });
    const error = await publisher
      .publishMany([0, 1, 2].map((id) => ({ channel: room({ id }), event: 'said', data: { text: 'hi' }, id: `m${id}` })))
      .catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'FORBIDDEN')).toBe(true);
    expect((error as RealtimeError).retriable).toBe(false);
    expect((error as RealtimeError).details).toMatchObject({
      delivered: ['m0', 'm2'],
      failed: [{ id: 'm1', channel: 'room:1', code: 'FORBIDDEN', retriable: false }],
    });
    expect(attempts.get('m1')).toBe(1);
  });
});

/** An outbox kept in memory: what a publisher records, and what it removes. */
function memoryOutbox() {
  const stored = new Map<string, OutboundMessage>();
  let next = 0;
  const outbox: PublisherOutbox = {
    recoverIntervalMs: 60_000,
    async record(messages) {
      return messages.map((message) => {
        const key = `k${++next}`;
        stored.set(key, message);
        return key;
      });
    },
    async remove(keys) {
      for (const key of keys) stored.delete(key);
    },
    claimAbandoned: async () => [],
    close: async () => {},
  };
  return { outbox, ids: () => [...stored.values()].map((message) => message.envelope.id).sort() };
}

describe('per-message batch outcomes with an outbox', () => {
  it('forgets the delivered and the refused entries, keeps only the retriable failure and delivers it on the next pass', async () => {
    let down = true;
    const { transport, attempts } = recordingTransport(
      { maxPayloadBytes: 65_536, maxBatchSize: 100, maxEventNameLength: 64 },
      (message) => {
        if (message.envelope.id === 'refused') return new RealtimeError('FORBIDDEN', 'no publish here');
        if (message.envelope.id === 'flaky' && down) return new RealtimeError('PROVIDER_UNAVAILABLE', 'try later');
        return undefined;
      },
    );
    const { outbox, ids } = memoryOutbox();
    const publisher = createPublisherFromTransport(transport, { retry: { baseDelayMs: 1, attempts: 2 }, outbox });
    const error = await publisher
      .publishMany(
        ['ok-1', 'refused', 'flaky', 'ok-2'].map((id, index) => ({ channel: room({ id: index }), event: 'said', data: { text: id }, id })),
      )
      .catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect(ids()).toEqual(['flaky']);
    down = false;
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(ids()).toEqual([]);
    expect(Object.fromEntries(attempts)).toEqual({ 'ok-1': 1, refused: 1, flaky: 3, 'ok-2': 1 });
    await publisher.close();
  });

  it('in a recovery pass, forgets what was delivered and keeps only what failed retriably', async () => {
    const down = new Set(['x', 'y']);
    const { transport, attempts } = recordingTransport({ maxPayloadBytes: 65_536, maxBatchSize: 100, maxEventNameLength: 64 }, (message) =>
      down.has(message.envelope.id) ? new RealtimeError('PROVIDER_UNAVAILABLE', 'down') : undefined,
    );
    const { outbox, ids } = memoryOutbox();
    const publisher = createPublisherFromTransport(transport, { retry: false, outbox });
    await publisher
      .publishMany(['x', 'y'].map((id, index) => ({ channel: room({ id: index }), event: 'said', data: { text: id }, id })))
      .catch(() => {});
    expect(ids()).toEqual(['x', 'y']);
    down.delete('y');
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(ids()).toEqual(['x']);
    down.delete('x');
    expect(await publisher.recoverOutbox?.()).toBe(1);
    expect(ids()).toEqual([]);
    expect(Object.fromEntries(attempts)).toEqual({ x: 3, y: 2 });
    await publisher.close();
  });
});
