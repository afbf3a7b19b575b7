/**
 * Pusher keeps no history: without a store every reconnect is a gap and what was published meanwhile
 * is lost. With the history store, real pusher + pusher-js on the emulator catch up after a forced drop.
 */
import { createHistoryClient, type GapInfo, type ProviderAuthorizer } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { memoryHistory } from '@switchboard/core/history';
import { Collector, waitFor } from '@switchboard/testing';
import { privateInbox, publicRoom } from '@switchboard/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pusherPublisher } from '../src/index.js';
import { type PusherTestbed, startTestbed } from './harness.js';

const user = { id: 'erin' };
const historyOnly: ProviderAuthorizer = { provider: 'pusher', publicConfig: () => ({}), authorize: async () => null };

describe('pusher with the history store', () => {
  let testbed: PusherTestbed;
  beforeAll(async () => {
    testbed = await startTestbed([publicRoom, privateInbox]);
  });
  afterAll(() => testbed.close());

  function setup() {
    const store = memoryHistory();
    const publisher = pusherPublisher({
      appId: '1',
      key: 'test-key',
      secret: 'test-secret',
      host: testbed.emulator.host,
      port: testbed.emulator.port,
      useTLS: false,
      retry: { baseDelayMs: 20 },
      history: store,
    });
    const handler = createAuthHandler({
      authenticate: () => user,
      channels: [publicRoom, privateInbox],
      authorizer: historyOnly,
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
    return { publisher, client };
  }

  it('delivers what was published while the connection was down, in order and marked recovered, with no gap', async () => {
    const { publisher, client } = setup();
    const subscriber = testbed.subscriber(user, { history: { client, holeWaitMs: 100 } });
    const inbox = privateInbox({ userId: user.id });
    const received = new Collector<[number, boolean]>();
    const gaps = new Collector<GapInfo>();
    subscriber.onGap(gaps.push);
    await subscriber.subscribe(inbox, 'note', (data, meta) => received.push([data.n, meta.recovered])).ready;
    await publisher.publish(inbox, 'note', { text: 'before', n: 1 });
    await received.toHave(1);

    await testbed.emulator.dropAllSockets();
    await waitFor(() => subscriber.state === 'reconnecting', 10_000, 'reconnecting');
    for (let n = 2; n <= 5; n++) await publisher.publish(inbox, 'note', { text: 'while down', n });
    await waitFor(() => subscriber.state === 'connected', 15_000, 'connected again');
    await received.toHave(5, 10_000);
    await publisher.publish(inbox, 'note', { text: 'after', n: 6 });
    await received.toHave(6);

    expect(received.items).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, false],
    ]);
    expect(gaps.items).toEqual([]);
    await subscriber.close();
    await publisher.close();
  });

  it('rewinds the last messages of a channel on open, which Pusher alone cannot', async () => {
    const { publisher, client } = setup();
    const room = publicRoom({ room: `rewind-${Date.now().toString(36)}` });
    for (let n = 1; n <= 4; n++) await publisher.publish(room, 'note', { text: 'earlier', n });
    const subscriber = testbed.subscriber(user, { history: client });
    const received = new Collector<[number, boolean]>();
    await subscriber.subscribe(room, 'note', (data, meta) => received.push([data.n, meta.recovered]), { rewind: 3 }).ready;
    expect(await received.toHave(3)).toEqual([
      [2, true],
      [3, true],
      [4, true],
    ]);
    await subscriber.close();
    await publisher.close();
  });
});
