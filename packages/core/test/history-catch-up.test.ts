/** Catch-up from the history store on the memory provider: reconnects without recovery, skipped numbers, retention, rewind, an unreachable endpoint. */
import {
  createHistoryClient,
  defineChannel,
  type GapInfo,
  type MessageMeta,
  type RealtimeError,
  type RealtimeSubscriber,
  type StandardSchemaV1,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { type HistoryStore, memoryHistory } from '@switchboard/core/history';
import { createPublisherTransport, MemoryHub, memoryPublisher, memorySubscriber } from '@switchboard/core/memory';
import { Collector, quietPeriod } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { recordingAuthorizer } from './support/auth-fixtures.js';

const counted: StandardSchemaV1<{ n: number }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) =>
      typeof (value as { n?: unknown })?.n === 'number'
        ? { value: value as { n: number } }
        : { issues: [{ message: 'n: expected a number' }] },
  },
};
const feed = defineChannel('catch-up:{id}', { access: 'public', events: { tick: counted } });
const tight = defineChannel('catch-up-tight:{id}', { access: 'public', events: { tick: counted }, history: { maxMessages: 3 } });
let counter = 0;
const fresh = () => `c${++counter}`;

/** A hub, a store, a publisher on both, and subscribers whose history client calls the auth handler in process. */
function setup(options: { reachable?: boolean } = {}) {
  const hub = new MemoryHub({ reconnectDelayMs: 20 });
  const store: HistoryStore = memoryHistory();
  const publisher = memoryPublisher({ hub, history: store });
  const handler = createAuthHandler({
    authenticate: () => ({ id: 'reader' }),
    channels: [feed, tight],
    authorizer: recordingAuthorizer().authorizer,
    history: store,
  });
  const client = createHistoryClient({
    authEndpoint: 'http://app.test/realtime',
    fetch: async (url, init) => {
      if (options.reachable === false) throw new TypeError('fetch failed');
      return handler(new Request(url, init));
    },
  });
  const subscriber = (holeWaitMs = 50): RealtimeSubscriber => memorySubscriber({ hub, history: { client, holeWaitMs } });
  return { hub, store, publisher, client, subscriber };
}

function listen(
  subscriber: RealtimeSubscriber,
  channel: ReturnType<typeof feed> | ReturnType<typeof tight>,
  rewind?: number | { since: number },
) {
  const received = new Collector<[number, boolean]>();
  const gaps = new Collector<GapInfo>();
  const errors = new Collector<RealtimeError>();
  const subscription = subscriber.subscribe(channel, 'tick', (data, meta: MessageMeta) => received.push([data.n, meta.recovered]), {
    onGap: gaps.push,
    onError: errors.push,
    ...(rewind === undefined ? {} : { rewind }),
  });
  return { received, gaps, errors, ready: subscription.ready };
}

const numbers = (items: [number, boolean][]) => items.map(([n]) => n);

describe('history catch-up on the memory provider', () => {
  it('delivers what was published during a reconnect without recovery, in order, marked recovered, with no gap', async () => {
    const { hub, publisher, subscriber } = setup();
    const channel = feed({ id: fresh() });
    const reader = subscriber();
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await hub.dropConnections({ recover: false, downForMs: 50 });
    for (let n = 2; n <= 6; n++) await publisher.publish(channel, 'tick', { n });
    await received.toHave(6);
    await publisher.publish(channel, 'tick', { n: 7 });
    await received.toHave(7);
    expect(received.items).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, false],
    ]);
    expect(gaps.items).toEqual([]);
    await reader.close();
  });

  it('reports only what retention dropped, with the exact range, and delivers the rest', async () => {
    const { hub, publisher, subscriber } = setup();
    const channel = tight({ id: fresh() });
    const reader = subscriber();
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await hub.dropConnections({ recover: false, downForMs: 50 });
    for (let n = 2; n <= 8; n++) await publisher.publish(channel, 'tick', { n });
    await received.toHave(4);
    await quietPeriod(50);
    expect(numbers(received.items)).toEqual([1, 6, 7, 8]);
    expect(gaps.items).toHaveLength(1);
    expect(gaps.items[0]).toMatchObject({ channel: channel.name, reason: 'retention-exceeded', fromSeq: 2, toSeq: 5 });
    await reader.close();
  });

  it('fills a skipped number from history after holeWaitMs, and puts a late arrival back in order before that', async () => {
    const { hub, store, publisher, subscriber } = setup();
    const channel = feed({ id: fresh() });
    const reader = subscriber(100);
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    // Number 2 reaches history but never the subscribers (its send was lost).
    await store.append([{ channel, envelope: { id: 'lost', event: 'tick', data: { n: 2 }, ts: Date.now() } }]);
    await publisher.publish(channel, 'tick', { n: 3 });
    await received.toHave(3);
    expect(received.items).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    // Number 5 arrives after 6 but within holeWaitMs: no history read, original order restored.
    const [late] = await store.append([{ channel, envelope: { id: 'late', event: 'tick', data: { n: 4 }, ts: Date.now() } }]);
    await publisher.publish(channel, 'tick', { n: 5 });
    await quietPeriod(20);
    expect(numbers(received.items)).toEqual([1, 2, 3]);
    await createPublisherTransport({ hub }).send([
      { channel, envelope: { id: 'late', event: 'tick', data: { n: 4 }, ts: Date.now(), historySeq: late?.seq } },
    ]);
    await received.toHave(5);
    expect(received.items.slice(3)).toEqual([
      [4, false],
      [5, false],
    ]);
    expect(gaps.items).toEqual([]);
    await reader.close();
  });

  it('rewinds by count and by number on the memory provider, before live messages', async () => {
    const { publisher, subscriber } = setup();
    const channel = feed({ id: fresh() });
    for (let n = 1; n <= 5; n++) await publisher.publish(channel, 'tick', { n });
    const byCount = listen(subscriber(), channel, 2);
    await byCount.ready;
    await byCount.received.toHave(2);
    const bySeq = listen(subscriber(), channel, { since: 3 });
    await bySeq.ready;
    await bySeq.received.toHave(2);
    await publisher.publish(channel, 'tick', { n: 6 });
    await byCount.received.toHave(3);
    await bySeq.received.toHave(3);
    expect(byCount.received.items).toEqual([
      [4, true],
      [5, true],
      [6, false],
    ]);
    expect(bySeq.received.items).toEqual([
      [4, true],
      [5, true],
      [6, false],
    ]);
  });

  it('refuses a rewind it cannot serve with UNSUPPORTED instead of ignoring it', async () => {
    const hub = new MemoryHub();
    const plain = memorySubscriber({ hub });
    await expect(plain.subscribe(feed({ id: fresh() }), 'tick', () => {}, { rewind: 5 }).ready).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('history'),
    });
    await expect(plain.subscribe(feed({ id: fresh() }), 'tick', () => {}, { rewind: { since: 1 } }).ready).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    await plain.close();
  });

  it('falls back to the provider’s gap, and reports why, when the history cannot be read', async () => {
    const { hub, publisher, subscriber } = setup({ reachable: false });
    const channel = feed({ id: fresh() });
    const reader = subscriber();
    const { received, gaps, errors, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await hub.dropConnections({ recover: false, downForMs: 50 });
    await publisher.publish(channel, 'tick', { n: 2 });
    await gaps.toHave(1);
    expect(gaps.items[0]).toMatchObject({ channel: channel.name, reason: 'reconnected-without-recovery' });
    await publisher.publish(channel, 'tick', { n: 3 });
    await received.toHave(2);
    expect(numbers(received.items)).toEqual([1, 3]);
    expect(errors.items.map((error) => error.code)).toContain('PROVIDER_UNAVAILABLE');
    await reader.close();
  });

  it('passes unnumbered messages straight through (a publisher whose store was down)', async () => {
    const { hub, subscriber } = setup();
    const channel = feed({ id: fresh() });
    const reader = subscriber();
    const { received, ready } = listen(reader, channel);
    await ready;
    const bare = memoryPublisher({ hub });
    await bare.publish(channel, 'tick', { n: 1 });
    await bare.publish(channel, 'tick', { n: 2 });
    expect(await received.toHave(2)).toEqual([
      [1, false],
      [2, false],
    ]);
    await reader.close();
  });

  it('delivers a message with a number the store never gave without waiting on it, and keeps numbering after it', async () => {
    const { hub, publisher, store } = setup();
    let reads = 0;
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'reader' }),
      channels: [feed, tight],
      authorizer: recordingAuthorizer().authorizer,
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => {
        reads += 1;
        return handler(new Request(url, init));
      },
    });
    const reader = memorySubscriber({ hub, history: { client, holeWaitMs: 30 } });
    const channel = feed({ id: fresh() });
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await createPublisherTransport({ hub }).send([
      { channel, envelope: { id: 'forged', event: 'tick', data: { n: 999 }, ts: Date.now(), historySeq: 1_000_000 } },
    ]);
    await received.toHave(2);
    const readsAfterForgery = reads;
    await quietPeriod(150);
    expect(reads).toBe(readsAfterForgery);
    await publisher.publish(channel, 'tick', { n: 2 });
    await received.toHave(3);
    expect(numbers(received.items)).toEqual([1, 999, 2]);
    expect(gaps.items).toEqual([]);
    await reader.close();
  });

  it('does not hold live messages behind a history endpoint that never answers', async () => {
    const { hub, publisher } = setup();
    const hung = createHistoryClient({ authEndpoint: 'http://app.test/realtime', fetch: () => new Promise<Response>(() => {}) });
    const reader = memorySubscriber({ hub, history: { client: hung, readTimeoutMs: 150 } });
    const channel = feed({ id: fresh() });
    const { received, errors, ready } = listen(reader, channel);
    await ready;
    const started = Date.now();
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors.items.map((error) => error.code)).toEqual(['TIMEOUT']);
    await reader.close();
  });

  it('passes the provider’s gap on when the store was reset and its numbers restarted, instead of losing silently', async () => {
    const hub = new MemoryHub({ reconnectDelayMs: 20 });
    let current: HistoryStore = memoryHistory();
    // A store that can be swapped for an empty one: a Redis without persistence, restarted.
    const store: HistoryStore = {
      append: (messages) => current.append(messages),
      read: (ref, range) => current.read(ref, range),
      close: async () => {},
    };
    const publisher = memoryPublisher({ hub, history: store });
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'reader' }),
      channels: [feed, tight],
      authorizer: recordingAuthorizer().authorizer,
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
    const reader = memorySubscriber({ hub, history: client });
    const channel = feed({ id: fresh() });
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    for (let n = 1; n <= 3; n++) await publisher.publish(channel, 'tick', { n });
    await received.toHave(3);
    current = memoryHistory();
    await hub.dropConnections({ recover: false, downForMs: 50 });
    await publisher.publish(channel, 'tick', { n: 4 });
    const [gap] = await gaps.toHave(1);
    expect(gap).toMatchObject({ channel: channel.name, reason: 'reconnected-without-recovery' });
    await publisher.publish(channel, 'tick', { n: 5 });
    await received.toHave(4);
    expect(numbers(received.items)).toEqual([1, 2, 3, 5]);
    await reader.close();
  });

  it('subscribes to a channel with history: false without reading history, and refuses a rewind there', async () => {
    const hub = new MemoryHub();
    const typing = defineChannel('catch-up-typing:{id}', { access: 'public', events: { tick: counted }, history: false });
    let reads = 0;
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async () => {
        reads += 1;
        return new Response('{}', { status: 500 });
      },
    });
    const reader = memorySubscriber({ hub, history: client });
    const publisher = memoryPublisher({ hub, history: memoryHistory() });
    const received = new Collector<number>();
    await reader.subscribe(typing({ id: 'a' }), 'tick', (data) => received.push(data.n)).ready;
    await publisher.publish(typing({ id: 'a' }), 'tick', { n: 1 });
    expect(await received.toHave(1)).toEqual([1]);
    await expect(reader.subscribe(typing({ id: 'b' }), 'tick', () => {}, { rewind: 3 }).ready).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(reads).toBe(0);
    await reader.close();
    await publisher.close();
  });

  it('tells handlers each message’s history number (meta.seq), so a page can resume with rewind: { since }', async () => {
    const { publisher, subscriber } = setup();
    const channel = feed({ id: fresh() });
    const first = subscriber();
    const seen = new Collector<number | undefined>();
    await first.subscribe(channel, 'tick', (_data, meta) => seen.push(meta.seq)).ready;
    for (let n = 1; n <= 3; n++) await publisher.publish(channel, 'tick', { n });
    expect(await seen.toHave(3)).toEqual([1, 2, 3]);
    await first.close();
    await publisher.publish(channel, 'tick', { n: 4 });
    // A reload: the page kept 3, the last number it showed.
    const resumed = listen(subscriber(), channel, { since: seen.items.at(-1) as number });
    await resumed.ready;
    expect(await resumed.received.toHave(1)).toEqual([[4, true]]);
  });

  it('still reports the provider’s gap when messages went out unnumbered while the subscriber was away (store outage)', async () => {
    const hub = new MemoryHub({ reconnectDelayMs: 20 });
    const inner = memoryHistory();
    let down = false;
    const store: HistoryStore = {
      appendTimeoutMs: 100,
      onError: () => {},
      append: (messages) => (down ? Promise.reject(new Error('store down')) : inner.append(messages)),
      read: (ref, range) => inner.read(ref, range),
      close: async () => {},
    };
    const publisher = memoryPublisher({ hub, history: store });
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'reader' }),
      channels: [feed, tight],
      authorizer: recordingAuthorizer().authorizer,
      history: store,
    });
    const client = createHistoryClient({
      authEndpoint: 'http://app.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
    const reader = memorySubscriber({ hub, history: client });
    const channel = feed({ id: fresh() });
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await publisher.publish(channel, 'tick', { n: 1 });
    await received.toHave(1);
    await hub.dropConnections({ recover: false, downForMs: 200 });
    down = true;
    await publisher.publish(channel, 'tick', { n: 2 });
    down = false;
    await publisher.publish(channel, 'tick', { n: 3 });
    const [gap] = await gaps.toHave(1);
    expect(gap).toMatchObject({ channel: channel.name, reason: 'reconnected-without-recovery' });
    await received.toHave(2);
    expect(received.items).toEqual([
      [1, false],
      [3, true],
    ]);
    expect(
      (await publisher.history(channel, { direction: 'forwards' })).messages.map((message) => [message.seq, message.unnumberedBefore]),
    ).toEqual([
      [1, undefined],
      [2, true],
    ]);
    await reader.close();
  });

  it('still reports the provider’s gap on a channel where publishers without a store also publish', async () => {
    const { hub, publisher, subscriber } = setup();
    const bare = memoryPublisher({ hub });
    const channel = feed({ id: fresh() });
    const reader = subscriber();
    const { received, gaps, ready } = listen(reader, channel);
    await ready;
    await bare.publish(channel, 'tick', { n: 1 });
    await publisher.publish(channel, 'tick', { n: 2 });
    await received.toHave(2);
    await hub.dropConnections({ recover: false, downForMs: 100 });
    await bare.publish(channel, 'tick', { n: 3 });
    await publisher.publish(channel, 'tick', { n: 4 });
    const [gap] = await gaps.toHave(1);
    expect(gap).toMatchObject({ reason: 'reconnected-without-recovery' });
    await received.toHave(3);
    expect(numbers(received.items)).toEqual([1, 2, 4]);
    await reader.close();
  });
});
