/** A publisher with a history store on a real hub and real sockets: subscribers get numbered envelopes; a store outage does not stop delivery. */
import {
  createHistoryClient,
  createSubscriberFromTransport,
  type Envelope,
  type GapInfo,
  parseEnvelope,
  type RealtimeError,
  type SubscriberTransport,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { memoryHistory, redisHistory } from '@switchboard/core/history';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { socketIoPublisher } from '../src/index.js';
import { createSubscriberTransport } from '../src/subscriber/index.js';
import { room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

/** A subscriber whose raw envelopes (before core reads them) are kept, to see what the hub carried. */
function rawSubscriber(url: string) {
  const transport = createSubscriberTransport({ url, reconnectionDelayMs: 50, reconnectionDelayMaxMs: 250 });
  const raw = new Collector<Envelope>();
  const tapped: SubscriberTransport = Object.create(transport);
  tapped.attach = (channel, sink, options) =>
    transport.attach(
      channel,
      {
        ...sink,
        message(message) {
          // What went over the wire, read with the codec (version 2 is positional).
          raw.push(parseEnvelope(message.envelope));
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

  it('catches up from history after a reconnect the hub could not recover, with no gap', async () => {
    const hub = await startHub(testChannels);
    const store = memoryHistory();
    const publisher = socketIoPublisher({ hub, history: store });
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'reader' }),
      channels: testChannels,
      authorizer: { provider: 'socket-io', publicConfig: () => ({}), authorize: async () => null },
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
    const subscriber = subscriberFor(hub.url, undefined, { history: { client, holeWaitMs: 100 } });
    const channel = room({ roomId: uniqueId('history-catch-up') });
    const received = new Collector<[number, boolean]>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n, meta.recovered]), { onGap: gaps.push }).ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await hub.dropConnections({ recover: false, downForMs: 300 });
    await waitFor(() => subscriber.state !== 'connected', 5000, 'the drop');
    for (let n = 2; n <= 4; n++) await publisher.publish(channel, 'tick', { n });
    await waitFor(() => subscriber.state === 'connected', 10_000, 'connected again');
    await received.toHave(4, 10_000);
    await publisher.publish(channel, 'tick', { n: 5 });
    await received.toHave(5);
    expect(received.items).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect(gaps.items).toEqual([]);
    await subscriber.close();
    await publisher.close();
    await hub.close();
  });
});
