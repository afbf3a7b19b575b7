import { type GapInfo, type MessageMeta, RealtimeError } from '@switchboard/core';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapConnectionState } from '../src/subscriber/connection-state.js';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, feed, inbox, lobby, unique } from './fixtures.js';

describe('ably subscriber', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('covers two channels attached at once before the connection opened', async () => {
    const userId = unique('two');
    const privateChannel = inbox({ userId });
    const presenceChannel = lobby({ room: unique('room') });
    const publisher = bed.publisher();
    const subscriber = bed.subscriber({ id: userId });
    const received = new Collector<string>();
    const first = subscriber.subscribe(privateChannel, 'note', () => received.push('inbox'));
    const second = subscriber.subscribe(presenceChannel, 'note', () => received.push('lobby'));
    await Promise.all([first.ready, second.ready]);
    await publisher.publish(privateChannel, 'note', {});
    await publisher.publish(presenceChannel, 'note', {});
    await received.toHave(2);
    expect(received.items.sort()).toEqual(['inbox', 'lobby']);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('replays recent messages with rewind, flagged recovered, then delivers live ones', async () => {
    const channel = feed({ room: unique('rewind') });
    const publisher = bed.publisher();
    for (let n = 1; n <= 3; n++) await publisher.publish(channel, 'tick', { n });
    const subscriber = bed.subscriber(undefined);
    const received = new Collector<[number, boolean]>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n as number, meta.recovered]), { rewind: 2 }).ready;
    await received.toHave(2);
    await publisher.publish(channel, 'tick', { n: 4 });
    await received.toHave(3);
    expect(received.items).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('flags messages missed during a drop as recovered and keeps Ably message ids and timestamps', async () => {
    const channel = feed({ room: unique('resume') });
    const publisher = bed.publisher();
    const subscriber = bed.subscriber(undefined);
    const received = new Collector<[number, MessageMeta]>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n as number, meta]), { onGap: gaps.push }).ready;
    const states = new Collector<string>();
    subscriber.onStateChange((change) => states.push(change.current));
    bed.emulator.dropAll({ downForMs: 400 });
    await waitFor(() => states.items.includes('reconnecting'), 10_000, 'the drop to be noticed');
    const missed = await publisher.publish(channel, 'tick', { n: 1 });
    await waitFor(() => subscriber.state === 'connected', 10_000, 'reconnection');
    await received.toHave(1, 10_000);
    await publisher.publish(channel, 'tick', { n: 2 });
    await received.toHave(2);
    const [[, first], [, second]] = received.items as [[number, MessageMeta], [number, MessageMeta]];
    expect(first).toMatchObject({ id: missed.id, recovered: true });
    expect(second.recovered).toBe(false);
    expect(first.timestamp).toBeGreaterThan(0);
    expect(gaps.items).toEqual([]);
    expect(states.items[0]).toBe('reconnecting');
    expect(states.items.at(-1)).toBe('connected');
    expect(states.items).not.toContain('failed');
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('reports a recovery-failed gap when the server forgot the connection', async () => {
    const channel = feed({ room: unique('lost') });
    const subscriber = bed.subscriber(undefined);
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', () => {}, { onGap: gaps.push }).ready;
    const before = subscriber.connectionId;
    bed.emulator.dropAll({ recover: false });
    const [gap] = await gaps.toHave(1, 10_000);
    expect(gap).toMatchObject({ channel: channel.name, reason: 'recovery-failed' });
    expect(typeof gap?.since).toBe('number');
    expect(subscriber.connectionId).not.toBe(before);
    await subscriber.close();
  });

  it('stops delivery after the last unsubscribe and can subscribe again', async () => {
    const channel = feed({ room: unique('detach') });
    const publisher = bed.publisher();
    const subscriber = bed.subscriber(undefined);
    const first = new Collector<unknown>();
    const subscription = subscriber.subscribe(channel, 'tick', first.push);
    await subscription.ready;
    subscription.unsubscribe();
    await quietPeriod(100);
    await publisher.publish(channel, 'tick', { n: 1 });
    const second = new Collector<unknown>();
    await subscriber.subscribe(channel, 'tick', second.push).ready;
    await publisher.publish(channel, 'tick', { n: 2 });
    expect(await second.toHave(1)).toEqual([{ n: 2 }]);
    await quietPeriod(200);
    expect(first.items).toEqual([]);
    await Promise.all([subscriber.close(), publisher.close()]);
  });

  it('maps Ably connection states to the unified union', () => {
    expect(mapConnectionState('initialized', false)).toBe('idle');
    expect(mapConnectionState('connecting', false)).toBe('connecting');
    expect(mapConnectionState('connecting', true)).toBe('reconnecting');
    expect(mapConnectionState('disconnected', true)).toBe('reconnecting');
    expect(mapConnectionState('suspended', true)).toBe('disconnected');
    expect(mapConnectionState('failed', true)).toBe('failed');
    expect(mapConnectionState('closed', true)).toBe('closed');
  });

  it('rejects the subscription with the token source’s error and never connects', async () => {
    let calls = 0;
    const subscriber = bed.subscriber(undefined, {
      authCallback: async () => {
        calls++;
        throw new RealtimeError('UNAUTHORIZED', 'no session');
      },
    });
    const refused = await subscriber.subscribe(feed({ room: unique('x') }), 'tick', () => {}).ready.catch((error: unknown) => error);
    expect(RealtimeError.isInstance(refused, 'UNAUTHORIZED')).toBe(true);
    expect(calls).toBe(1);
    expect(subscriber.connectionId).toBeUndefined();
    await subscriber.close();
  });
});
