/** Both history stores against one suite: gap-free numbering, idempotent appends, retention by count and age, ranged reads. */
import { createPublisher, defineChannel, type Envelope, type HistoryRetention, type RealtimeError } from '@switchboard/core';
import { type HistoryRange, type HistoryStore, memoryHistory, redisHistory } from '@switchboard/core/history';
import { waitFor } from '@switchboard/testing';
import { redisServerInstalled, startRedisServer } from '@switchboard/testing/faults';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from './support/redis.js';

const schema = { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } } as const;
const events = { note: schema };
const run = Math.random().toString(36).slice(2, 8);
const plain = defineChannel('history:plain:{id}', { access: 'public', events });
const short = defineChannel('history:short:{id}', { access: 'public', events, history: { maxMessages: 3 } });
const brief = defineChannel('history:brief:{id}', { access: 'public', events, history: { maxAgeMs: 150 } });
let counter = 0;
const fresh = () => `${run}-${++counter}`;

const envelope = (id: string, n: number): Envelope => ({ id, event: 'note', data: { n }, ts: Date.now() });
const all = (overrides: Partial<HistoryRange> = {}): HistoryRange => ({
  since: 0,
  before: undefined,
  limit: 1000,
  direction: 'forwards',
  ...overrides,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function storeSuite(name: string, makeStore: () => HistoryStore) {
  describe(name, () => {
    it('numbers each channel 1, 2, 3… on its own, and reads them back in either direction', async () => {
      const store = makeStore();
      const a = plain({ id: fresh() });
      const b = plain({ id: fresh() });
      const appended = await store.append([
        { channel: a, envelope: envelope('a1', 1) },
        { channel: b, envelope: envelope('b1', 1) },
        { channel: a, envelope: envelope('a2', 2) },
        { channel: a, envelope: envelope('a3', 3) },
      ]);
      expect(appended.map((result) => result.seq)).toEqual([1, 1, 2, 3]);
      expect(appended.every((result) => !result.duplicate)).toBe(true);
      const forwards = await store.read(a, all());
      expect(forwards.envelopes.map((stored) => [stored.id, stored.historySeq])).toEqual([
        ['a1', 1],
        ['a2', 2],
        ['a3', 3],
      ]);
      expect(forwards.envelopes[0]).toMatchObject({ event: 'note', data: { n: 1 } });
      expect(forwards).toMatchObject({ latestSeq: 3, earliestSeq: 1 });
      const backwards = await store.read(a, all({ direction: 'backwards', limit: 2 }));
      expect(backwards.envelopes.map((stored) => stored.historySeq)).toEqual([3, 2]);
      expect((await store.read(a, all({ since: 1, before: 3 }))).envelopes.map((stored) => stored.id)).toEqual(['a2']);
      expect((await store.read(a, all({ since: 2, before: 3 }))).envelopes).toEqual([]);
      expect(await store.read(plain({ id: fresh() }), all())).toEqual({ envelopes: [], latestSeq: 0, earliestSeq: undefined });
      await store.close();
    });

    it('gives a message id it already holds its first number instead of a second one', async () => {
      const store = makeStore();
      const channel = plain({ id: fresh() });
      await store.append([{ channel, envelope: envelope('first', 1) }]);
      const again = await store.append([
        { channel, envelope: envelope('second', 2) },
        { channel, envelope: envelope('first', 1) },
      ]);
      expect(again).toEqual([
        { seq: 2, duplicate: false },
        { seq: 1, duplicate: true },
      ]);
      expect((await store.read(channel, all())).envelopes.map((stored) => stored.id)).toEqual(['first', 'second']);
      await store.close();
    });

    it('keeps the numbering gap-free when two writers append to one channel at once', async () => {
      const first = makeStore();
      const second = makeStore();
      const channel = plain({ id: fresh() });
      const write = (store: HistoryStore, label: string) =>
        Promise.all(Array.from({ length: 100 }, (_, n) => store.append([{ channel, envelope: envelope(`${label}-${n}`, n) }])));
      const [mine, theirs] = await Promise.all([write(first, 'first'), write(second, 'second')]);
      const numbers = [...mine, ...theirs].map(([result]) => result?.seq).sort((x = 0, y = 0) => x - y);
      expect(numbers).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
      const stored = await first.read(channel, all());
      expect(stored.envelopes.map((entry) => entry.historySeq)).toEqual(numbers);
      await first.close();
      await second.close();
    });

    it('keeps only the newest maxMessages of a channel, and forgets the trimmed ids', async () => {
      const store = makeStore();
      const channel = short({ id: fresh() });
      for (let n = 1; n <= 5; n++) await store.append([{ channel, envelope: envelope(`m${n}`, n) }]);
      const stored = await store.read(channel, all());
      expect(stored.envelopes.map((entry) => entry.historySeq)).toEqual([3, 4, 5]);
      expect(stored).toMatchObject({ latestSeq: 5, earliestSeq: 3 });
      // A trimmed id is no longer known: a late retry of it is a new message.
      expect(await store.append([{ channel, envelope: envelope('m1', 1) }])).toEqual([{ seq: 6, duplicate: false }]);
      await store.close();
    });

    it('drops messages older than maxAgeMs, while numbers go on from where they were', async () => {
      const store = makeStore();
      const channel = brief({ id: fresh() });
      await store.append([
        { channel, envelope: envelope('old1', 1) },
        { channel, envelope: envelope('old2', 2) },
      ]);
      await sleep(250);
      expect(await store.read(channel, all())).toMatchObject({ envelopes: [], latestSeq: 2, earliestSeq: undefined });
      expect(await store.append([{ channel, envelope: envelope('new', 3) }])).toEqual([{ seq: 3, duplicate: false }]);
      expect(await store.read(channel, all())).toMatchObject({ latestSeq: 3, earliestSeq: 3, envelopes: [{ id: 'new', historySeq: 3 }] });
      await store.close();
    });
  });
}

// One instance stands for one process: every writer of the memory store shares it.
const sharedMemory = memoryHistory();
storeSuite('memoryHistory', () => sharedMemory);

const redis = await redisAvailable();
const prefix = uniquePrefix('history');
afterAll(() => (redis ? deleteKeys(prefix) : undefined));

describe.skipIf(!redis)('redisHistory', () => {
  storeSuite('on Redis streams', () => redisHistory({ url: REDIS_URL, prefix, allowVolatileRedis: true }));

  it('keeps its keys under its prefix, in one hash tag per channel, and keeps the counter when the log expires', async () => {
    const store = redisHistory({ url: REDIS_URL, prefix, allowVolatileRedis: true });
    const channel = brief({ id: fresh() });
    expect(store.keys(channel.name)).toEqual({
      seq: `${prefix}:{${channel.name}}:seq`,
      log: `${prefix}:{${channel.name}}:log`,
      ids: `${prefix}:{${channel.name}}:ids`,
    });
    await store.append([{ channel, envelope: envelope('x', 1) }]);
    await sleep(250);
    // The idle channel's log expired with maxAgeMs; the number did not restart.
    expect(await store.append([{ channel, envelope: envelope('y', 2) }])).toEqual([{ seq: 2, duplicate: false }]);
    await store.close();
  });
});

describe.skipIf(!redisServerInstalled() && process.env.CI !== 'true')('redisHistory on a Redis of its own', () => {
  it('reports once that a Redis without persistence would restart the numbering, and keeps working', async () => {
    const server = await startRedisServer({ persistence: 'none' });
    try {
      const errors: RealtimeError[] = [];
      const store = redisHistory({ url: server.url, onError: (error) => errors.push(error) });
      const channel = plain({ id: fresh() });
      await store.append([{ channel, envelope: envelope('a', 1) }]);
      await store.append([{ channel, envelope: envelope('b', 2) }]);
      await waitFor(() => errors.length > 0, 2000, 'the persistence report');
      expect(errors.map((error) => error.code)).toEqual(['CONFIG']);
      expect(errors[0]?.message).toContain('allowVolatileRedis');
      expect((await store.read(channel, all())).latestSeq).toBe(2);
      await store.close();
      const quiet: RealtimeError[] = [];
      const allowed = redisHistory({ url: server.url, allowVolatileRedis: true, onError: (error) => quiet.push(error) });
      await allowed.append([{ channel, envelope: envelope('c', 3) }]);
      await allowed.close();
      expect(quiet).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('retention on the channel definition', () => {
  it('refuses retention that is not a positive integer where a store meets the channel, with CONFIG naming it', async () => {
    // Checked on the server (publish with a store, the stores), so browsers do not carry the check.
    const define = (history: unknown) =>
      defineChannel('history:bad:{id}', { access: 'public', events, history: history as HistoryRetention });
    const refusedBy = async (history: unknown) => {
      const channel = define(history)({ id: '1' });
      const store = memoryHistory();
      const publisher = createPublisher({ provider: 'memory', history: store });
      try {
        await publisher.publish(channel, 'note', { text: 'x' });
      } catch (error) {
        return error as RealtimeError;
      } finally {
        await publisher.close();
      }
      return undefined;
    };
    expect(await refusedBy({ maxMessages: 0 })).toEqual(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('history:bad') }),
    );
    expect(await refusedBy({ maxMessages: 2.5 })).toEqual(expect.objectContaining({ code: 'CONFIG' }));
    expect(await refusedBy({ maxMessages: 10_000_000 })).toEqual(expect.objectContaining({ code: 'CONFIG' }));
    expect(await refusedBy({ maxAgeMs: -1 })).toEqual(expect.objectContaining({ code: 'CONFIG' }));
    expect(await refusedBy('forever')).toEqual(expect.objectContaining({ code: 'CONFIG' }));
    expect(await refusedBy({ maxMessages: 5 })).toBeUndefined();
    // A store used directly checks too.
    await expect(
      memoryHistory().append([{ channel: define({ maxMessages: 0 })({ id: '1' }), envelope: envelope('a', 1) }]),
    ).rejects.toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(define(false).history).toBe(false);
    expect(short.history).toEqual({ maxMessages: 3 });
    expect(plain.history).toBeUndefined();
  });
});
