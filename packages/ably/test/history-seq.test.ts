/**
 * The history store on Ably: its number (`historySeq`) crosses Ably in a message header, both ways,
 * and when Ably loses the connection state a subscriber catches up from the store instead of a gap.
 */
import { createHistoryClient, type GapInfo, type ProviderAuthorizer } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { memoryHistory } from '@switchboard/core/history';
import { Collector, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyPublisher, createPublisherTransport } from '../src/index.js';
import { type AblyTestBed, API_KEY, fastClientOptions, startTestBed } from './emulator-setup.js';
import { definitions, feed, unique } from './fixtures.js';

describe('ably with a history store', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('carries each message’s history number through Ably and back', async () => {
    const channel = feed({ room: unique('history') });
    const publisher = ablyPublisher({ apiKey: API_KEY, ...bed.host, clientOptions: fastClientOptions, history: memoryHistory() });
    await publisher.publish(channel, 'tick', { n: 1 });
    await publisher.publishMany([{ channel, event: 'tick', data: { n: 2 } }]);
    const transport = createPublisherTransport({ apiKey: API_KEY, ...bed.host });
    const stored = await transport.history(channel, { limit: 5 });
    expect(stored.map((envelope) => [envelope.data, envelope.historySeq]).reverse()).toEqual([
      [{ n: 1 }, 1],
      [{ n: 2 }, 2],
    ]);
    await Promise.all([publisher.close(), transport.close()]);
  });

  it('catches up from the store when Ably cannot resume the connection, with no gap', async () => {
    const store = memoryHistory();
    const publisher = ablyPublisher({ apiKey: API_KEY, ...bed.host, clientOptions: fastClientOptions, history: store });
    const historyOnly: ProviderAuthorizer = { provider: 'ably', publicConfig: () => ({}), authorize: async () => null };
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'reader' }),
      channels: definitions,
      authorizer: historyOnly,
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
    const subscriber = bed.subscriber(undefined, { history: { client, holeWaitMs: 100 } });
    const channel = feed({ room: unique('history-catch-up') });
    const received = new Collector<[number, boolean]>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n as number, meta.recovered]), { onGap: gaps.push })
      .ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    bed.emulator.dropAll({ recover: false, downForMs: 300 });
    await waitFor(() => subscriber.state !== 'connected', 10_000, 'the drop');
    for (let n = 2; n <= 4; n++) await publisher.publish(channel, 'tick', { n });
    await waitFor(() => subscriber.state === 'connected', 15_000, 'connected again');
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
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});
