/**
 * History conformance: with a history store (core's, in memory here) every adapter numbers what it
 * publishes, serves typed pages, replays a `rewind`, and fills a reconnect the server could not
 * recover, in order, with no gap; a reader the rules refuse gets FORBIDDEN. The store is core's, so
 * these cases run on every adapter.
 */
import {
  type AuthUser,
  createHistoryClient,
  type GapInfo,
  type HistoryClient,
  type MessageMeta,
  type ProviderAuthorizer,
  type RealtimePublisher,
  type RealtimeSubscriber,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { type HistoryStore, memoryHistory } from '@switchboard/core/history';
import { afterAll, expect, it, type TestContext } from 'vitest';
import { Collector, quietPeriod, waitFor } from '../wait.js';
import { conformanceChannels, privateInbox, publicRoom } from './catalog.js';
import type { ConformanceClients } from './test-bed-clients.js';

/** What the history cases need from the suite that registers them. */
export interface HistorySuite {
  timeout: number;
  harness(): ConformanceClients;
  /** A subscriber signed in as `user` with extra core options, closed after the case. */
  subscriber(user: AuthUser | undefined, options: Parameters<ConformanceClients['createSubscriber']>[1]): RealtimeSubscriber;
  unique(prefix: string): string;
}

const QUIET_MS = 300;
/** Answers history requests only: the cases never ask this endpoint for a credential or a provider. */
const historyOnly: ProviderAuthorizer = { provider: 'memory', publicConfig: () => ({}), authorize: async () => null };

/** Registers the history cases inside the suite's `describe`. */
export function registerHistoryCases(suite: HistorySuite): void {
  const { timeout, unique } = suite;
  let store: HistoryStore | undefined;
  let publisher: RealtimePublisher | undefined;
  afterAll(async () => {
    await publisher?.close();
  });

  /** A publisher on the test bed with a history store, made once. */
  const numbered = (_context: TestContext): { store: HistoryStore; publisher: RealtimePublisher } => {
    store ??= memoryHistory();
    publisher ??= suite.harness().createPublisher({ history: store });
    return { store, publisher };
  };

  /** A history client reading as `user` from an auth endpoint in this process, under the catalog's rules. */
  const clientFor = (user: AuthUser | undefined, history: HistoryStore): HistoryClient => {
    const handler = createAuthHandler({
      authenticate: () => user ?? null,
      channels: conformanceChannels,
      authorizer: historyOnly,
      history,
    });
    return createHistoryClient({
      authEndpoint: 'http://conformance.test/realtime',
      fetch: async (url, init) => handler(new Request(url, init)),
    });
  };

  it('history: numbers what it publishes, per channel, and reads it back in typed pages', { timeout }, async (context) => {
    const { publisher: source } = numbered(context);
    const channel = publicRoom({ room: unique('history') });
    for (let n = 1; n <= 3; n++) await source.publish(channel, 'note', { text: 'kept', n });
    const page = await source.history(channel, { direction: 'forwards', limit: 2 });
    expect(page.messages.map((message) => [message.seq, message.event, message.data])).toEqual([
      [1, 'note', { text: 'kept', n: 1 }],
      [2, 'note', { text: 'kept', n: 2 }],
    ]);
    expect(page).toMatchObject({ latestSeq: 3, earliestSeq: 1 });
    const rest = await source.history(channel, page.next);
    expect(rest.messages.map((message) => message.seq)).toEqual([3]);
    expect(rest.next).toBeUndefined();
  });

  it('history: rewinds the last messages before live ones, from the store', { timeout }, async (context) => {
    const { store: history, publisher: source } = numbered(context);
    const channel = publicRoom({ room: unique('rewind') });
    for (let n = 1; n <= 4; n++) await source.publish(channel, 'note', { text: 'earlier', n });
    const sub = suite.subscriber(undefined, { history: clientFor(undefined, history) });
    const received = new Collector<[number, boolean]>();
    await sub.subscribe(channel, 'note', (data, meta) => received.push([data.n, meta.recovered]), { rewind: 2 }).ready;
    await received.toHave(2);
    await source.publish(channel, 'note', { text: 'live', n: 5 });
    await received.toHave(3);
    await quietPeriod(QUIET_MS);
    expect(received.items).toEqual([
      [3, true],
      [4, true],
      [5, false],
    ]);
  });

  it('history: fills a reconnect the server could not recover, in order, with no gap', { timeout }, async (context) => {
    const { store: history, publisher: source } = numbered(context);
    const harness = suite.harness();
    const channel = publicRoom({ room: unique('fill') });
    const sub = suite.subscriber(undefined, { history: { client: clientFor(undefined, history), holeWaitMs: 100 } });
    const received = new Collector<[{ n: number }, MessageMeta]>();
    const gaps = new Collector<GapInfo>();
    await sub.subscribe(channel, 'note', (data, meta) => received.push([data, meta]), { onGap: gaps.push }).ready;
    await source.publish(channel, 'note', { text: 'before', n: 1 });
    await received.toHave(1);
    await harness.dropConnections({ recover: false });
    for (let n = 2; n <= 4; n++) await source.publish(channel, 'note', { text: 'while down', n });
    await waitFor(() => sub.state === 'connected', 15_000, 'the subscriber to reconnect');
    await source.publish(channel, 'note', { text: 'after', n: 5 });
    await received.toHave(5, 15_000);
    await quietPeriod(QUIET_MS);
    expect(received.items.map(([data]) => data.n)).toEqual([1, 2, 3, 4, 5]);
    expect(gaps.items).toEqual([]);
  });

  it('history: refuses a reader the rules refuse with FORBIDDEN, and serves the owner', { timeout }, async (context) => {
    const { store: history, publisher: source } = numbered(context);
    const owner = unique('owner');
    const inbox = privateInbox({ userId: owner });
    await source.publish(inbox, 'note', { text: 'private', n: 1 });
    await expect(clientFor({ id: unique('other') }, history).history(inbox)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(clientFor(undefined, history).history(inbox)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const page = await clientFor({ id: owner }, history).history(inbox);
    expect(page.messages.map((message) => message.data)).toEqual([{ text: 'private', n: 1 }]);
  });
}
