import { createPublisher, createSubscriber, defineChannel, RealtimeError, type StandardSchemaV1 } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { Collector, quietPeriod } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';

const percent: StandardSchemaV1<{ percent: number }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) => {
      const candidate = value as { percent?: unknown };
      if (typeof candidate?.percent !== 'number') return { issues: [{ message: 'expected a number', path: ['percent'] }] };
      if (candidate.percent < 0 || candidate.percent > 100) return { issues: [{ message: 'must be 0–100', path: [{ key: 'percent' }] }] };
      return { value: { percent: candidate.percent } };
    },
  },
};
const asyncPercent: StandardSchemaV1<{ percent: number }> = {
  '~standard': { version: 1, vendor: 'test', validate: async (value) => percent['~standard'].validate(value) },
};
const room = defineChannel('room:{id}', { access: 'public', events: { progress: percent, slow: asyncPercent } });

function setup() {
  const hub = new MemoryHub();
  return {
    hub,
    publisher: createPublisher({ provider: 'memory', hub, retry: { baseDelayMs: 1 } }),
    subscriber: createSubscriber({ provider: 'memory', hub }),
  };
}

describe('publish', () => {
  it('refuses a schema-invalid payload with VALIDATION_FAILED naming the path, and sends nothing', async () => {
    const { hub, publisher } = setup();
    const error = await publisher.publish(room({ id: 1 }), 'progress', { percent: 140 }).catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as RealtimeError).message).toContain('percent: must be 0–100');
    expect(hub.accepted).toEqual([]);
  });

  it('validates every entry of publishMany before sending any', async () => {
    const { hub, publisher } = setup();
    const entries = [
      { channel: room({ id: 1 }), event: 'progress' as const, data: { percent: 1 } },
      { channel: room({ id: 2 }), event: 'progress' as const, data: { percent: -1 } },
    ];
    await expect(publisher.publishMany(entries)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(hub.accepted).toEqual([]);
  });

  it('chunks publishMany to the provider batch size and keeps order', async () => {
    const { hub, publisher } = setup();
    const entries = Array.from({ length: 250 }, (_, index) => ({
      channel: room({ id: index }),
      event: 'progress' as const,
      data: { percent: index % 100 },
    }));
    const results = await publisher.publishMany(entries);
    expect(results).toHaveLength(250);
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual(results.map((result) => result.id));
  });

  it('retries a retriable failure with the same message id, and stops on a non-retriable one', async () => {
    const { hub, publisher } = setup();
    hub.failNextPublishes(2);
    const { id } = await publisher.publish(room({ id: 1 }), 'progress', { percent: 5 });
    expect(hub.accepted.map((envelope) => envelope.id)).toEqual([id]);
    hub.failNextPublishes(1, () => new RealtimeError('FORBIDDEN', 'no', { provider: 'memory' }));
    await expect(publisher.publish(room({ id: 1 }), 'progress', { percent: 6 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(hub.accepted).toHaveLength(1);
  });

  it('rejects with the last cause when attempts run out', async () => {
    const { hub, publisher } = setup();
    hub.failNextPublishes(10);
    const error = await publisher
      .publish(room({ id: 1 }), 'progress', { percent: 5 }, { retry: { attempts: 3, baseDelayMs: 1 } })
      .catch((caught) => caught);
    expect(RealtimeError.isInstance(error, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(hub.accepted).toEqual([]);
  });

  it('refuses something that is not a channel reference', async () => {
    const { publisher } = setup();
    // @ts-expect-error a plain string is not a channel reference
    await expect(publisher.publish('room:1', 'progress', { percent: 1 })).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
    // @ts-expect-error the definition must be called with params
    await expect(publisher.publish(room, 'progress', { percent: 1 })).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
  });

  it('fails fast naming provider and capability when the adapter lacks it', async () => {
    const hub = new MemoryHub();
    const base = (await import('@switchboard/core/memory')).createPublisherTransport({ hub });
    const limited = createPublisher({
      adapter: { ...base, capabilities: { ...base.capabilities, serverPresence: false, exclusion: false } },
    });
    const presenceRoom = defineChannel('p:{id}', { access: 'presence', events: { progress: percent }, authorize: () => true });
    await expect(limited.presence(presenceRoom({ id: 1 })).members()).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'memory does not support serverPresence',
    });
    await expect(limited.publish(room({ id: 1 }), 'progress', { percent: 1 }, { excludeConnectionId: 'x' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(hub.accepted).toEqual([]);
  });

  it('reports health and closes twice', async () => {
    const { publisher } = setup();
    expect((await publisher.health()).status).toBe('healthy');
    await publisher.close();
    await publisher.close();
    await expect(publisher.publish(room({ id: 1 }), 'progress', { percent: 1 })).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('receive', () => {
  it('drops malformed and unknown messages, reports them, and keeps delivering in order', async () => {
    const { hub, publisher, subscriber } = setup();
    const channel = room({ id: 'r' });
    const received = new Collector<number>();
    const errors = new Collector<string>();
    subscriber.onError((error) => errors.push(error.code));
    await subscriber.subscribe(channel, { progress: (data) => received.push(data.percent), slow: (data) => received.push(data.percent) })
      .ready;
    hub.injectRaw(channel, '{not json');
    hub.injectRaw(channel, { hello: 'world' });
    hub.injectRaw(channel, { id: 'x1', event: 'nope', data: {}, ts: 1 });
    hub.injectRaw(channel, { id: 'x2', event: 'progress', data: { percent: 'a lot' }, ts: 1 });
    await publisher.publish(channel, 'slow', { percent: 1 });
    await publisher.publish(channel, 'progress', { percent: 2 });
    await publisher.publish(channel, 'slow', { percent: 3 });
    await received.toHave(3);
    await errors.toHave(4);
    expect(received.items).toEqual([1, 2, 3]);
    expect(errors.items).toEqual(['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE', 'INVALID_EVENT', 'VALIDATION_FAILED']);
  });

  it('redelivers nothing twice: the same id within the window is dropped', async () => {
    const { hub, subscriber } = setup();
    const channel = room({ id: 'd' });
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'progress', (data) => received.push(data.percent)).ready;
    for (let index = 0; index < 3; index++) hub.injectRaw(channel, { id: 'same', event: 'progress', data: { percent: 9 }, ts: 1 });
    await received.toHave(1);
    await quietPeriod(50);
    expect(received.items).toEqual([9]);
  });

  it('a handler that throws does not stop other handlers', async () => {
    const { publisher, subscriber } = setup();
    const channel = room({ id: 't' });
    const received = new Collector<number>();
    const errors = new Collector<string>();
    subscriber.onError((error) => errors.push(error.message));
    subscriber.subscribe(channel, 'progress', () => {
      throw new Error('app bug');
    });
    await subscriber.subscribe(channel, 'progress', (data) => received.push(data.percent)).ready;
    await publisher.publish(channel, 'progress', { percent: 4 });
    await received.toHave(1);
    await errors.toHave(1);
    expect(errors.items[0]).toContain('app bug');
  });

  it('refuses subscribing to an event the channel does not declare', () => {
    const { subscriber } = setup();
    // @ts-expect-error unknown event
    expect(() => subscriber.subscribe(room({ id: 1 }), 'nope', () => {})).toThrowError(expect.objectContaining({ code: 'INVALID_EVENT' }));
  });
});
