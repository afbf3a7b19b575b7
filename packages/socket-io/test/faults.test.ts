import type { GapInfo, MessageMeta } from '@switchboard/core';
import { Collector, waitFor } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { createHub, socketIoPublisher } from '../src/index.js';
import { lobby, room, testChannels, uniqueId } from './catalog.js';
import { SECRET, startHub, subscriberFor } from './helpers.js';

/** Spaces out background publishes so a drop lands in the middle of them. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('faults', () => {
  it('replays the messages missed while the connection was down, exactly once and marked recovered', async () => {
    const hub = await startHub(testChannels);
    const publisher = socketIoPublisher({ hub });
    const channel = room({ roomId: uniqueId('replay') });
    const subscriber = subscriberFor(hub.url, undefined);
    const received = new Collector<[number, MessageMeta]>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data, meta) => received.push([data.n, meta]), { onGap: gaps.push }).ready;
    const idBefore = subscriber.connectionId;

    let next = 0;
    let publishing = true;
    const background = (async () => {
      while (publishing) {
        await publisher.publish(channel, 'tick', { n: next++ });
        await pace();
      }
    })();
    await received.toHave(5);
    await hub.dropConnections({ downForMs: 300 });
    await waitFor(() => received.items.some(([, meta]) => meta.recovered), 10_000, 'replayed messages');
    const afterReplay = next;
    await waitFor(() => received.items.some(([n]) => n > afterReplay + 5), 10_000, 'live messages after the replay');
    publishing = false;
    await background;
    await waitFor(() => received.items.length >= next, 10_000, `all ${next} messages`);

    const numbers = received.items.map(([n]) => n);
    expect(numbers).toEqual(Array.from({ length: next }, (_, n) => n));
    const flags = received.items.map(([, meta]) => meta.recovered);
    const firstRecovered = flags.indexOf(true);
    const lastRecovered = flags.lastIndexOf(true);
    expect(firstRecovered).toBeGreaterThan(0);
    // One contiguous block of replayed messages; everything before and after arrived live.
    expect(flags.slice(firstRecovered, lastRecovered + 1).every(Boolean)).toBe(true);
    expect(gaps.items).toEqual([]);
    expect(subscriber.connectionId).toBe(idBefore);
    await subscriber.close();
    await hub.close();
  });

  it('reports a gap instead when the outage outlasts the recovery window, and keeps delivering', async () => {
    const hub = await startHub(testChannels, { recoveryWindowMs: 200 });
    const channel = room({ roomId: uniqueId('window') });
    const subscriber = subscriberFor(hub.url, undefined);
    const received = new Collector<number>();
    const gaps = new Collector<GapInfo>();
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n), { onGap: gaps.push }).ready;
    await waitFor(() => subscriber.connectionId);
    const idBefore = subscriber.connectionId;
    const envelope = (n: number) => ({ id: uniqueId('m'), event: 'tick', data: { n }, ts: Date.now() });
    await hub.publish([{ channel: channel.name, envelope: envelope(1) }]);
    await received.toHave(1);
    await hub.dropConnections({ downForMs: 800 });
    await hub.publish([{ channel: channel.name, envelope: envelope(2) }]);
    const [gap] = await gaps.toHave(1, 10_000);
    expect(gap).toMatchObject({ channel: channel.name, reason: 'recovery-window-exceeded' });
    expect(gap?.since).toBeTypeOf('number');
    expect(subscriber.connectionId).not.toBe(idBefore);
    await hub.publish([{ channel: channel.name, envelope: envelope(3) }]);
    await received.toHave(2);
    expect(received.items).toEqual([1, 3]);
    await subscriber.close();
    await hub.close();
  });

  it('survives a hub restart: subscribers reconnect, resubscribe, re-enter presence and receive new messages', async () => {
    const first = await startHub(testChannels);
    const port = Number(new URL(first.url).port);
    const channel = room({ roomId: uniqueId('restart') });
    const presenceChannel = lobby({ roomId: uniqueId('restart') });
    const userId = uniqueId('ada');
    const subscriber = subscriberFor(first.url, { id: userId });
    const received = new Collector<number>();
    const gaps = new Collector<GapInfo>();
    subscriber.onGap(gaps.push);
    await subscriber.subscribe(channel, 'tick', (data) => received.push(data.n)).ready;
    await subscriber.presence(presenceChannel).enter({});
    await waitFor(async () => (await first.presenceMembers(presenceChannel.name)).length === 1);

    await first.close();
    await waitFor(() => subscriber.state !== 'connected', 10_000, 'the subscriber to notice');
    const second = createHub({
      channels: testChannels,
      secret: SECRET,
      host: '127.0.0.1',
      port,
      presenceGraceMs: 100,
      allowAnonymous: true,
    });
    await second.listen();
    await waitFor(() => subscriber.state === 'connected', 15_000, 'the subscriber to reconnect');
    await waitFor(() => gaps.items.length >= 2, 10_000, 'a gap on each channel');
    expect(gaps.items.map((gap) => gap.channel).sort()).toEqual([channel.name, presenceChannel.name].sort());
    const members = await waitFor(async () => {
      const present = await second.presenceMembers(presenceChannel.name);
      return present.length === 1 ? present : undefined;
    });
    expect(members[0]).toMatchObject({ userId });
    await second.publish([{ channel: channel.name, envelope: { id: uniqueId('m'), event: 'tick', data: { n: 7 }, ts: Date.now() } }]);
    expect(await received.toHave(1)).toEqual([7]);
    await subscriber.close();
    await second.close();
  });

  it('keeps a dropped connection present through the grace period and restores it on recovery', async () => {
    const hub = await startHub(testChannels, { presenceGraceMs: 60_000 });
    const presenceChannel = lobby({ roomId: uniqueId('grace') });
    const userId = uniqueId('lin');
    const subscriber = subscriberFor(hub.url, { id: userId });
    await subscriber.presence(presenceChannel).enter({});
    await waitFor(async () => (await hub.presenceMembers(presenceChannel.name)).length === 1);
    await hub.dropConnections({ downForMs: 200 });
    expect(await hub.presenceMembers(presenceChannel.name)).toHaveLength(1);
    await waitFor(() => subscriber.state === 'connected', 10_000);
    const members = await hub.presenceMembers(presenceChannel.name);
    expect(members.map((member) => member.userId)).toEqual([userId]);
    await subscriber.close();
    await hub.close();
  });
});
