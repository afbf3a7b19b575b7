/**
 * Run in its own process by telemetry.test.ts (the OpenTelemetry SDK loads as Node loads it):
 * publishes on the memory provider with the SDK's in-memory exporters and prints, per scenario,
 * the finished spans and the metrics as one JSON line.
 */
import { createSubscriberFromTransport, type OutboundMessage, type PublisherOutbox } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { openTelemetryPublisher, tracedSubscriberTransport } from '@switchboard/core/telemetry';
import { Collector } from '@switchboard/testing';
import { publicRoom } from '@switchboard/testing/conformance';
import { inMemoryTelemetry, printable } from '../support/otel.js';

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 10 };

function setup() {
  const otel = inMemoryTelemetry();
  const hub = new MemoryHub();
  const subscriber = createSubscriberFromTransport(tracedSubscriberTransport(createSubscriberTransport({ hub }), otel));
  return { otel, hub, subscriber };
}

async function traced() {
  const { otel, hub, subscriber } = setup();
  const publisher = memoryPublisher({ hub, telemetry: openTelemetryPublisher(otel) });
  const channel = publicRoom({ room: 'trace' });
  const received = new Collector<string>();
  await subscriber.subscribe(channel, 'note', (_data, meta) => received.push(meta.id)).ready;
  const { id } = await publisher.publish(channel, 'note', { text: 'hi', n: 1 });
  await received.toHave(1);
  await Promise.all([publisher.close(), subscriber.close()]);
  return {
    id,
    channel: channel.name,
    traceparent: hub.accepted.at(-1)?.traceparent,
    ...(await printable(otel, {
      published: ['switchboard.messages.published'],
      delivered: ['switchboard.messages.delivered', { 'switchboard.side': 'subscriber' }],
      latency: ['switchboard.delivery.latency'],
    })),
  };
}

async function retried() {
  const { otel, hub, subscriber } = setup();
  const publisher = memoryPublisher({ hub, retry: FAST_RETRY, telemetry: openTelemetryPublisher(otel) });
  await publisher.describe();
  hub.failNextPublishes(2);
  await publisher.publish(publicRoom({ room: 'retry' }), 'note', { text: 'x', n: 1 });
  hub.failNextPublishes(10);
  const failure = await publisher
    .publish(publicRoom({ room: 'retry' }), 'note', { text: 'x', n: 2 }, { retry: false })
    .catch((error: Error) => error.message);
  await Promise.all([publisher.close(), subscriber.close()]);
  return {
    failure,
    ...(await printable(otel, {
      retries: ['switchboard.publish.retries'],
      dropped: ['switchboard.messages.dropped', { 'switchboard.drop.reason': 'PROVIDER_UNAVAILABLE' }],
    })),
  };
}

async function outboxed() {
  const { otel, hub } = setup();
  const stored = new Map<string, OutboundMessage>();
  const outbox: PublisherOutbox = {
    async record(messages) {
      for (const message of messages) stored.set(message.envelope.id, message);
      return messages.map((message) => message.envelope.id);
    },
    async remove(keys) {
      for (const key of keys) stored.delete(key);
    },
    claimAbandoned: async () => [],
    recoverIntervalMs: 60_000,
    size: async () => stored.size + 41,
    async close() {},
  };
  const publisher = memoryPublisher({ hub, outbox, telemetry: openTelemetryPublisher({ ...otel, outbox }) });
  await publisher.publish(publicRoom({ room: 'outbox' }), 'note', { text: 'x', n: 1 });
  await publisher.close();
  return printable(otel, { backlog: ['switchboard.outbox.backlog'] });
}

async function gapsAndDrops() {
  const { otel, hub, subscriber } = setup();
  const publisher = memoryPublisher({ hub });
  const channel = publicRoom({ room: 'gaps' });
  const gaps = new Collector<string>();
  const received = new Collector<number>();
  await subscriber.subscribe(channel, 'note', (data) => received.push(data.n), { onGap: (gap) => gaps.push(gap.reason) }).ready;
  hub.injectRaw(channel, 'not an envelope');
  await publisher.publish(channel, 'note', { text: 'x', n: 2 });
  await received.toHave(1);
  await hub.dropConnections({ recover: false });
  await gaps.toHave(1);
  await Promise.all([publisher.close(), subscriber.close()]);
  return {
    gapReason: gaps.items[0],
    received: received.items,
    ...(await printable(otel, {
      malformed: ['switchboard.messages.dropped', { 'switchboard.drop.reason': 'malformed' }],
      gaps: ['switchboard.gaps', { 'switchboard.gap.reason': gaps.items[0] as string }],
    })),
  };
}

const results = { traced: await traced(), retried: await retried(), outboxed: await outboxed(), gaps: await gapsAndDrops() };
console.log(JSON.stringify({ results }));
process.exit(0);
