/** A publisher with a history store on a real hub and real sockets: subscribers get numbered envelopes; a store outage does not stop delivery. */
import { createSubscriberFromTransport, type RealtimeError, type SubscriberTransport } from '@switchboard/core';
import { memoryHistory, redisHistory } from '@switchboard/core/history';
import { Collector } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { socketIoPublisher } from '../src/index.js';
import { createSubscriberTransport } from '../src/subscriber/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub } from './helpers.js';

/** A subscriber whose raw envelopes (before core reads them) are kept, to see what the hub carried. */
function rawSubscriber(url: string) {
  const transport = createSubscriberTransport({ url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 250 });
  const raw = new Collector<Record<string, unknown>>();
  const tapped: SubscriberTransport = Object.create(transport);
  tapped.attach = (channel, sink, options) =>
    transport.attach(
      channel,
      {
        ...sink,
        message(message) {
          raw.push((typeof message.envelope === 'string' ? JSON.parse(message.envelope) : message.envelope) as Record<string, unknown>);
          sink.message(message);
        },
      },
      options,
    );
  return { subscriber: createSubscriberFromTransport(tapped, {}), raw };
}

describe('history store on socket-io', () => {
  it('delivers each message with its history number, over HTTP and in process, and reads it back', async () => {
    const hub = await startHub(testChannels);
    const history = memoryHistory();
    const overHttp = socketIoPublisher({ url: hub.url, secret: SECRET, history });
    const inProcess = socketIoPublisher({ hub, history });
    const channel = room({ roomId: uniqueId('history') });
    const { subscriber, raw } = rawSubscriber(hub.url);
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n)).ready;
    await overHttp.publish(channel, 'tick', { n: 1 });
    await inProcess.publish(channel, 'tick', { n: 2 });
    await overHttp.publishMany([{ channel, event: 'tick', data: { n: 3 } }]);
    expect(await received.toHave(3)).toEqual([1, 2, 3]);
    expect(raw.items.map((envelope) => [(envelope.data as { n: number }).n, envelope.historySeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const page = await inProcess.history(channel, { direction: 'forwards' });
    expect(page.messages.map((message) => [message.seq, message.data.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    await subscriber.close();
    await overHttp.close();
    await inProcess.close();
    await hub.close();
  });

  it('keeps delivering, unnumbered, when the history store cannot be reached, and reports it', async () => {
    const hub = await startHub(testChannels);
    const errors: RealtimeError[] = [];
    const publisher = socketIoPublisher({
      hub,
      history: redisHistory({ url: 'redis://127.0.0.1:9', onError: (error) => errors.push(error) }),
    });
    const channel = room({ roomId: uniqueId('history-down') });
    const { subscriber, raw } = rawSubscriber(hub.url);
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n)).ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await publisher.publish(channel, 'tick', { n: 2 });
    expect(await received.toHave(2)).toEqual([1, 2]);
    expect(raw.items.map((envelope) => envelope.historySeq)).toEqual([undefined, undefined]);
    expect(errors.map((error) => error.code)).toEqual(['PROVIDER_UNAVAILABLE', 'PROVIDER_UNAVAILABLE']);
    await subscriber.close();
    await publisher.close();
    await hub.close();
  });
});
