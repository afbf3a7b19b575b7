import {
  createPublisher,
  createSubscriber,
  DEFAULT_VALIDATION_POLICY,
  defineChannel,
  RealtimeError,
  type StandardSchemaV1,
  type ValidationPolicy,
} from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { Collector, quietPeriod } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';

/** A schema that counts its runs and refuses a percent outside 0–100. */
function countingPercent() {
  const runs = { count: 0 };
  const schema: StandardSchemaV1<{ percent: number }> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => {
        runs.count += 1;
        const percent = (value as { percent?: unknown })?.percent;
        if (typeof percent !== 'number' || percent < 0 || percent > 100)
          return { issues: [{ message: 'must be 0–100', path: ['percent'] }] };
        return { value: { percent } };
      },
    },
  };
  return { runs, schema };
}

function setup(publisherPolicy: ValidationPolicy | undefined, subscriberPolicy: ValidationPolicy | undefined) {
  const { runs, schema } = countingPercent();
  const room = defineChannel('policy:{id}', { access: 'public', events: { progress: schema } });
  const hub = new MemoryHub();
  const publisher = createPublisher({ provider: 'memory', hub, ...(publisherPolicy === undefined ? {} : { validate: publisherPolicy }) });
  const errors = new Collector<unknown>();
  const subscriber = createSubscriber({
    provider: 'memory',
    hub,
    ...(subscriberPolicy === undefined ? {} : { validate: subscriberPolicy }),
  });
  subscriber.onError(errors.push);
  return { runs, room, hub, publisher, subscriber, errors };
}

describe('validation policy', () => {
  it("defaults to 'both': the publisher refuses invalid data and the subscriber checks on receipt", async () => {
    expect(DEFAULT_VALIDATION_POLICY).toBe('both');
    const { runs, room, hub, publisher, subscriber } = setup(undefined, undefined);
    const received = new Collector<unknown>();
    await subscriber.subscribe(room({ id: 1 }), 'progress', received.push).ready;
    await expect(publisher.publish(room({ id: 1 }), 'progress', { percent: 140 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(hub.accepted).toEqual([]);
    runs.count = 0;
    await publisher.publish(room({ id: 1 }), 'progress', { percent: 5 });
    await received.toHave(1);
    expect(runs.count).toBe(2);
  });

  it.each<[ValidationPolicy, number]>([
    ['both', 2],
    ['publish', 1],
    ['receive', 1],
    [false, 0],
  ])('with %s on both ends, a valid message is checked %i time(s) from publish to handler', async (policy, checks) => {
    const { runs, room, publisher, subscriber } = setup(policy, policy);
    const received = new Collector<unknown>();
    await subscriber.subscribe(room({ id: 1 }), 'progress', received.push).ready;
    await publisher.publish(room({ id: 1 }), 'progress', { percent: 5 });
    await received.toHave(1);
    expect(received.items).toEqual([{ percent: 5 }]);
    expect(runs.count).toBe(checks);
  });

  it("under 'receive', invalid data is sent but refused on receipt (reported, no handler called)", async () => {
    const { room, hub, publisher, subscriber, errors } = setup('receive', 'receive');
    const received = new Collector<unknown>();
    await subscriber.subscribe(room({ id: 1 }), 'progress', received.push).ready;
    await publisher.publish(room({ id: 1 }), 'progress', { percent: 140 });
    expect(hub.accepted).toHaveLength(1);
    await errors.toHave(1);
    expect(RealtimeError.isInstance(errors.items[0], 'VALIDATION_FAILED')).toBe(true);
    await quietPeriod(50);
    expect(received.items).toEqual([]);
  });

  it("under 'publish' or false, the subscriber hands data over unchecked (the publisher is trusted)", async () => {
    for (const policy of ['publish', false] as const) {
      const { room, publisher, subscriber, errors } = setup(false, policy);
      const received = new Collector<unknown>();
      await subscriber.subscribe(room({ id: 1 }), 'progress', received.push).ready;
      await publisher.publish(room({ id: 1 }), 'progress', { percent: 140 });
      await received.toHave(1);
      expect(received.items).toEqual([{ percent: 140 }]);
      expect(errors.items).toEqual([]);
    }
  });

  it('validates a received message once, however many handlers and subscriptions receive it', async () => {
    const { runs, room, publisher, subscriber } = setup(false, 'receive');
    const received = new Collector<unknown>();
    const channel = room({ id: 7 });
    await subscriber.subscribe(channel, 'progress', received.push).ready;
    await subscriber.subscribe(channel, 'progress', received.push).ready;
    await subscriber.subscribe(channel, { progress: received.push }).ready;
    await publisher.publish(channel, 'progress', { percent: 1 });
    await publisher.publish(channel, 'progress', { percent: 2 });
    await received.toHave(6);
    expect(runs.count).toBe(2);
  });

  it('reads `true` as the default policy', async () => {
    const { runs, room, publisher, subscriber } = setup(undefined, undefined);
    const truePublisher = createPublisher({ provider: 'memory', hub: new MemoryHub(), validate: true });
    await expect(truePublisher.publish(room({ id: 1 }), 'progress', { percent: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(runs.count).toBe(1);
    await subscriber.close();
    await publisher.close();
  });
});
